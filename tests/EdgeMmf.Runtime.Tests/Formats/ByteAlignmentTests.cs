using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Tests.Formats;

[TestClass]
public sealed class ByteAlignmentTests
{
    [TestMethod]
    [DataRow(0L, 32L, 0L)]
    [DataRow(1L, 32L, 32L)]
    [DataRow(32L, 32L, 32L)]
    [DataRow(33L, 32L, 64L)]
    [DataRow(33L, 24L, 48L)]          // GGUF allows any alignment, not only powers of two
    [DataRow(5_000_000_001L, 64L, 5_000_000_064L)]
    public void Up_RoundsToTheNextMultipleAtOrAboveTheOffset(long offset, long alignment, long expected) =>
        Assert.AreEqual(expected, ByteAlignment.Up(offset, alignment));
}

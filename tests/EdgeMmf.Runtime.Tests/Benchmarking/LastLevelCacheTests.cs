using EdgeMmf.Diagnostics.Benchmarking;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

[TestClass]
public sealed class LastLevelCacheTests
{
    [TestMethod]
    [DataRow("307200K", 300L << 20)]
    [DataRow("2048K\n", 2L << 20)]
    [DataRow("32M", 32L << 20)]
    [DataRow("1G", 1L << 30)]
    [DataRow("512", 512L)]
    public void ParseSize_SysfsSizes_InBytes(string text, long bytes) => Assert.AreEqual(bytes, LastLevelCache.ParseSize(text));

    [TestMethod]
    [DataRow("")]
    [DataRow("K")]
    [DataRow("-5K")]
    [DataRow("12 KB")]
    [DataRow("99999999999999999999G")]
    public void ParseSize_NotASize_IsZero(string text) => Assert.AreEqual(0L, LastLevelCache.ParseSize(text));
}

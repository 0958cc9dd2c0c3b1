using EdgeMmf.Runtime.Checksums;

namespace EdgeMmf.Runtime.Tests.Checksums;

[TestClass]
public sealed class Crc32Tests
{
    [TestMethod]
    public void Hash_CheckString_GivesTheCatalogueValue() => Assert.AreEqual(0xCBF43926u, Crc32.HashToUInt32("123456789"u8));

    [TestMethod]
    public void Append_InPieces_EqualsOneHash() =>
        Assert.AreEqual(Crc32.HashToUInt32("123456789"u8), Crc32.Append(Crc32.HashToUInt32("1234"u8), "56789"u8));
}

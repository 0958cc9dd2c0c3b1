using System.Text;
using EdgeMmf.Bridge.Protocol;

namespace EdgeMmf.Bridge.Tests.Protocol;

[TestClass]
public sealed class Crc32CTests
{
    [TestMethod]
    public void Compute_CheckString_ReturnsCastagnoliCheckValue()
    {
        // The catalogue check value of CRC-32C (iSCSI): "123456789" -> 0xE3069283.
        Assert.AreEqual(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [TestMethod]
    public void Compute_Rfc3720Vectors_MatchTheIscsiAppendix()
    {
        // RFC 3720 appendix B.4 gives these CRCs as the little-endian bytes sent on the wire.
        var zeros = new byte[32];
        var ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var descending = Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray();
        Assert.AreEqual(0x8A9136AAu, Crc32C.Compute(zeros));
        Assert.AreEqual(0x62A8AB43u, Crc32C.Compute(ones));
        Assert.AreEqual(0x46DD794Eu, Crc32C.Compute(ascending));
        Assert.AreEqual(0x113FDB5Cu, Crc32C.Compute(descending));
    }

    [TestMethod]
    public void Compute_AnyLength_MatchesBitwiseDefinition()
    {
        var random = new Random(3);
        for (int length = 0; length < 40; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.AreEqual(Bitwise(data), Crc32C.Compute(data), $"length {length}");
        }
    }

    private static uint Bitwise(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }
}

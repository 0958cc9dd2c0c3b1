using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Tests.Formats;

[TestClass]
public sealed class Tq1_0Tests
{
    [TestMethod]
    public void PackThenUnpack_ReturnsTheSameTernaryValues()
    {
        var random = new Random(17);
        var ternary = new sbyte[4 * Tq1_0.BlockWeights];
        for (int i = 0; i < ternary.Length; i++) ternary[i] = (sbyte)(random.Next(3) - 1);
        var packed = new byte[Tq1_0.RowBytes(ternary.Length)];
        Tq1_0.PackRow(ternary, packed);
        var unpacked = new sbyte[ternary.Length];
        Tq1_0.UnpackRow(packed, unpacked);
        CollectionAssert.AreEqual(ternary, unpacked);
    }

    [TestMethod]
    public void RowBytes_OneBlock_Is54BytesLikeGgmlBlockTq1_0() => Assert.AreEqual(54, Tq1_0.RowBytes(256));

    [TestMethod]
    public void PackRow_PlacesTritsAsGgmlQuantizeRowTq1_0RefDoes()
    {
        // Byte m of qs[0..32) holds weights m, 32+m, 64+m, 96+m, 128+m, first most significant:
        // weight 0 = +1 (trit 2), the other four 0 (trit 1): v = 2*81 + 27 + 9 + 3 + 1 = 202, byte = ceil(202*256/243) = 213.
        var ternary = new sbyte[Tq1_0.BlockWeights];
        ternary[0] = 1;
        // qh byte 1 holds weights 241, 245, 249, 253 then a zero trit: all -1 except weight 245 = +1: v = (0*27 + 2*9 + 0 + 0) * 3 = 54.
        for (int n = 0; n < 4; n++) ternary[241 + 4 * n] = -1;
        ternary[245] = 1;
        var packed = new byte[Tq1_0.BlockBytes];
        Tq1_0.PackRow(ternary, packed);
        Assert.AreEqual(213, packed[0]);
        Assert.AreEqual(128, packed[1]);                 // all-zero weights: v = 121, ceil(121*256/243) = 128
        Assert.AreEqual((54 * 256 + 242) / 243, packed[Tq1_0.QsBytes + 1]);
        Assert.AreEqual(0x00, packed[52]);               // d = 1.0 as float16 0x3C00, little-endian
        Assert.AreEqual(0x3C, packed[53]);
    }

    [TestMethod]
    public void Trit_EveryFiveTritByte_DecodesEachDigit()
    {
        for (int v = 0; v < 243; v++)
        {
            byte packed = (byte)((v * 256 + 242) / 243);
            int rest = v;
            for (int n = 4; n >= 0; n--, rest /= 3)
                Assert.AreEqual(rest % 3, Tq1_0.Trit(packed, n), $"v = {v}, trit {n}");
        }
    }
}

using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Tests.Formats;

[TestClass]
public sealed class Tq2_0Tests
{
    [TestMethod]
    public void PackThenUnpack_ReturnsTheSameTernaryValues()
    {
        var random = new Random(7);
        var ternary = new sbyte[3 * Tq2_0.BlockWeights];
        for (int i = 0; i < ternary.Length; i++) ternary[i] = (sbyte)(random.Next(3) - 1);
        var packed = new byte[Tq2_0.RowBytes(ternary.Length)];
        Tq2_0.PackRow(ternary, packed);
        var unpacked = new sbyte[ternary.Length];
        Tq2_0.UnpackRow(packed, unpacked);
        CollectionAssert.AreEqual(ternary, unpacked);
    }

    [TestMethod]
    public void PackRow_PlacesWeightsAsGgmlQuantizeRowTq2_0RefDoes()
    {
        // Weight 32 goes to byte 0, bits 3..2 (ggml: qs[j + m] |= (x[m + n*32] + 1) << 2n).
        var ternary = new sbyte[Tq2_0.BlockWeights];
        ternary[32] = 1;     // stored 2 at byte 0 bits 3..2
        ternary[128] = -1;   // second half, byte 32, stored 0 at bits 1..0
        var packed = new byte[Tq2_0.BlockBytes];
        Tq2_0.PackRow(ternary, packed);
        Assert.AreEqual(0b01_01_10_01, packed[0]);
        Assert.AreEqual(0b01_01_01_00, packed[32]);
        Assert.AreEqual(0x00, packed[64]);
        Assert.AreEqual(0x3C, packed[65]);
    }
}

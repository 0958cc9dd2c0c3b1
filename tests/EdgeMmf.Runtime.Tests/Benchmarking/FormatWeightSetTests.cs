using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

/// <summary>The weight set TQ2_0 and TQ1_0 are timed over: the same weights in both, decode's shapes, the size asked for.</summary>
[TestClass]
public sealed unsafe class FormatWeightSetTests
{
    // H 256, I 768; vocab 500 is not a whole number of 16-row tiles, so lm_head's tiles are repacked, not copied.
    private static readonly HgrnBitConfig Small = new() { VocabSize = 500, HiddenSize = 256, NumHiddenLayers = 2 };

    [TestMethod]
    public void Copies_HoldTheSameTernaryWeights_MatrixForMatrix()
    {
        using var set = new FormatWeightSet(Small, 1 << 20);
        Assert.HasCount(set.Tq2.Count, set.Tq1);
        for (int k = 0; k < set.Tq2.Count; k++)
        {
            TernaryMatrix a = set.Tq2[k], b = set.Tq1[k];
            Assert.AreEqual(TernaryFormat.Tq2_0, a.Format);
            Assert.AreEqual(TernaryFormat.Tq1_0, b.Format);
            Assert.AreEqual((a.Rows, a.Columns), (b.Rows, b.Columns));
            var ta = new sbyte[a.PaddedColumns];
            var tb = new sbyte[b.PaddedColumns];
            for (int r = 0; r < a.Rows; r += 7)
            {
                TernaryFormatTraits.Tq2.UnpackRow(a.Row(r), ta);
                TernaryFormatTraits.Tq1.UnpackRow(b.Row(r), tb);
                CollectionAssert.AreEqual(ta, tb, $"matrix {k} row {r}");
            }
        }
    }

    [TestMethod]
    public void Rows_AreRandomTernaryAndNeighbouringMatricesDiffer()
    {
        using var set = new FormatWeightSet(Small, 1 << 20);
        var first = new sbyte[256];
        var next = new sbyte[256];
        TernaryFormatTraits.Tq2.UnpackRow(set.Tq2[0].Row(0), first);
        TernaryFormatTraits.Tq2.UnpackRow(set.Tq2[1].Row(0), next);
        CollectionAssert.AreNotEqual(first, next);
        for (int v = -1; v <= 1; v++) Assert.IsGreaterThan(50, first.Count(t => t == v), $"value {v} among 256 uniform draws");
    }

    [TestMethod]
    public void Shapes_AreDecode_sCallsInOrder_ThenLmHead()
    {
        using var set = new FormatWeightSet(Small, 1 << 20);
        int h = Small.HiddenSize, i = Small.IntermediateSize;
        (int, int)[] layer = [(h, h), (h, h), (h, h), (h, h), (2 * i, h), (h, i)];
        Assert.AreEqual(set.Layers * 6 + 1, set.Tq1.Count);
        for (int k = 0; k < set.Layers * 6; k++) Assert.AreEqual(layer[k % 6], (set.Tq1[k].Rows, set.Tq1[k].Columns), $"matrix {k}");
        Assert.AreEqual((Small.VocabSize, h), (set.Tq1[^1].Rows, set.Tq1[^1].Columns));
        Assert.AreEqual(Small.TernaryWeights, set.WeightsPerToken);
    }

    [TestMethod]
    public void Layers_AreTheFewestThatReachTheMinimumInTq1()
    {
        const long minimum = 3 << 20;
        using var set = new FormatWeightSet(Small, minimum);
        long layerBytes = Small.TernaryWeightsPerLayer / 256 * 54, headBytes = (long)Small.VocabSize * Small.HiddenSize / 256 * 54;
        Assert.IsGreaterThanOrEqualTo(minimum, set.BytesIn(TernaryFormat.Tq1_0));
        Assert.IsLessThan(minimum, set.BytesIn(TernaryFormat.Tq1_0) - layerBytes, "one layer fewer would do");
        Assert.AreEqual(set.Layers * layerBytes + headBytes, set.BytesIn(TernaryFormat.Tq1_0));
        Assert.AreEqual(set.BytesIn(TernaryFormat.Tq1_0) * 66, set.BytesIn(TernaryFormat.Tq2_0) * 54);
        long sum = 0;
        foreach (TernaryMatrix m in set.Tq2) sum += m.PackedBytes;
        Assert.AreEqual(sum, set.BytesIn(TernaryFormat.Tq2_0));
    }

    [TestMethod]
    public void LookupTiles_AreTheRepackOfEachTq2Matrix()
    {
        using var set = new FormatWeightSet(Small, 1 << 20, lookupTiles: true);
        Assert.IsTrue(set.HasLookupTiles);
        for (int k = 0; k < set.Tq2.Count; k++)
        {
            TernaryMatrix m = set.Tq2[k];
            Assert.IsTrue(m.LookupTiles != null, $"matrix {k}");
            var expected = new byte[LookupTiles.BytesFor(m)];
            fixed (byte* e = expected) LookupTiles.Repack(m, e);
            CollectionAssert.AreEqual(expected, new ReadOnlySpan<byte>(m.LookupTiles, expected.Length).ToArray(), $"matrix {k}");
        }
    }

    [TestMethod]
    public void WithoutLookupTiles_Tq2HasNone()
    {
        using var set = new FormatWeightSet(Small, 1 << 20);
        Assert.IsFalse(set.HasLookupTiles);
        Assert.IsTrue(set.Tq2[0].LookupTiles == null);
    }

    [TestMethod]
    public void DefaultMinimum_IsAtLeast64MiBAndTwiceTheLastLevelCache() =>
        Assert.AreEqual(Math.Clamp(2 * LastLevelCache.Bytes, 64L << 20, 1L << 30), FormatWeightSet.DefaultMinimumBytes);
}

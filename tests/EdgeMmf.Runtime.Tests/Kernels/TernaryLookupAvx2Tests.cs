using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Testing;

namespace EdgeMmf.Runtime.Tests.Kernels;

/// <summary>The avx2-lut decode over repacked lookup tiles, bit for bit against the naive sums of the stored trits.</summary>
[TestClass]
public sealed unsafe class TernaryLookupAvx2Tests
{
    [TestMethod]
    public void Gemv_RandomShapesOddRowsAndTails_MatchNaiveSumsExactly()
    {
        RequireAvx2();
        var random = new Random(31);
        int[] columnChoices = [1, 100, 255, 256, 257, 300, 512, 640, 767, 1024, 1037, 2816];
        for (int trial = 0; trial < 24; trial++)
        {
            int rows = trial switch { 0 => 1, 1 => 15, 2 => 16, 3 => 17, 4 => 33, 5 => 257, _ => random.Next(1, 90) };
            int columns = columnChoices[trial % columnChoices.Length];
            var packed = new RandomTernaryMatrix(rows, columns, TernaryFormat.Tq2_0, random);
            AssertLookupMatches(packed, packed.RandomActivations(1, random), tokens: 1, threads: 1 + trial % 3);
        }
    }

    [TestMethod]
    public void Gemv_ExtremeActivationsOnLongRows_DoNotOverflowTheInt8OrInt16Stages()
    {
        RequireAvx2();
        var random = new Random(32);
        foreach (sbyte t in new sbyte[] { 1, -1 })
            foreach (sbyte value in new sbyte[] { -128, 127, -1, 15, -16 })
            {
                var packed = new RandomTernaryMatrix(19, 4096, TernaryFormat.Tq2_0, random, _ => t);
                var x = new sbyte[packed.Matrix.PaddedColumns];
                Array.Fill(x, value);
                AssertLookupMatches(packed, x, tokens: 1, threads: 2);
            }
    }

    [TestMethod]
    public void Gemv_ManyChunksSplitMidTileAcrossThreads_MatchesNaiveSumsExactly()
    {
        RequireAvx2();
        var random = new Random(33);
        foreach (int threads in new[] { 2, 3, 5 })
        {
            var packed = new RandomTernaryMatrix(701 + threads, 1037, TernaryFormat.Tq2_0, random);
            AssertLookupMatches(packed, packed.RandomActivations(1, random), tokens: 1, threads);
        }
    }

    [TestMethod]
    public void Gemm_PromptTokensOnTheLookupPath_UseTheStandardRowsAndMatchExactly()
    {
        RequireAvx2();
        var random = new Random(34);
        var packed = new RandomTernaryMatrix(45, 640, TernaryFormat.Tq2_0, random);
        AssertLookupMatches(packed, packed.RandomActivations(5, random), tokens: 5, threads: 2);
    }

    [TestMethod]
    public void Gemv_SameActivationsBufferWithNewContents_RebuildsTheTables()
    {
        RequireAvx2();
        var random = new Random(35);
        var packed = new RandomTernaryMatrix(40, 512, TernaryFormat.Tq2_0, random);
        sbyte[] x = packed.RandomActivations(1, random);
        AssertLookupMatches(packed, x, tokens: 1, threads: 1);
        x[300] = (sbyte)(x[300] == 5 ? -7 : 5);
        AssertLookupMatches(packed, x, tokens: 1, threads: 1);
    }

    [TestMethod]
    public void Repack_Tq1_0Matrix_ThrowsNamingTheTensor()
    {
        var packed = new RandomTernaryMatrix(3, 256, TernaryFormat.Tq1_0, new Random(36));
        byte* destination = stackalloc byte[4096];
        var e = Assert.ThrowsExactly<ArgumentException>(() => LookupTiles.Repack(packed.Matrix, destination));
        StringAssert.Contains(e.Message, packed.Matrix.Name);
    }

    [TestMethod]
    public void Selector_Avx2LutPath_IsNamedAndUsesLookupTilesOnlyThere()
    {
        Assert.AreEqual("avx2-lut", KernelSelector.NameOf(KernelPath.Avx2Lut));
        Assert.AreEqual(KernelPath.Avx2Lut, KernelSelector.Parse("AVX2-LUT"));
        Assert.IsFalse(KernelSelector.Create(KernelPath.Scalar).UsesLookupTiles);
        if (KernelSelector.IsSupported(KernelPath.Avx2Lut))
        {
            Assert.IsTrue(KernelSelector.Create(KernelPath.Avx2Lut).UsesLookupTiles);
            Assert.IsFalse(KernelSelector.Create(KernelPath.Avx2).UsesLookupTiles);
        }
    }

    private static void RequireAvx2()
    {
        if (!KernelSelector.IsSupported(KernelPath.Avx2Lut)) Assert.Inconclusive("AVX2 is off in this process: no avx2-lut path");
    }

    private static void AssertLookupMatches(RandomTernaryMatrix packed, sbyte[] x, int tokens, int threads)
    {
        TernaryMatrix m = packed.Matrix;
        long bytes = LookupTiles.BytesFor(m);
        byte* tiles = (byte*)NativeMemory.AlignedAlloc((nuint)bytes + 64, 64);
        try
        {
            LookupTiles.Repack(m, tiles);
            var tiled = new TernaryMatrix(m.Name, m.Rows, m.Columns, m.WeightScale, m.Packed, m.PackedBytes, m.Format) { LookupTiles = tiles };
            int[] expected = packed.ReferenceAccumulators(x, tokens);
            var acc = new int[expected.Length + 3];
            acc.AsSpan(expected.Length).Fill(int.MinValue);
            using var projector = new TernaryProjector(threads, KernelSelector.Create(KernelPath.Avx2Lut));
            if (tokens == 1) projector.Gemv(tiled, x, acc);
            else projector.Gemm(tiled, x, tokens, acc);
            string shape = $"{m.Rows}x{m.Columns}, {tokens} token(s), {threads} thread(s)";
            CollectionAssert.AreEqual(expected, acc[..expected.Length], shape);
            Assert.AreEqual(int.MinValue, acc[^1], shape);
        }
        finally
        {
            NativeMemory.AlignedFree(tiles);
        }
    }
}

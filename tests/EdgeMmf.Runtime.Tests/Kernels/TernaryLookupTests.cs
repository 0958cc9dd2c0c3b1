using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Testing;

namespace EdgeMmf.Runtime.Tests.Kernels;

/// <summary>
/// The table-lookup decodes (avx2-lut, neon-lut) over repacked lookup tiles, bit for bit against the naive sums of the
/// stored trits; each test runs per path and is inconclusive where this CPU has not that path (neon-lut: under qemu-aarch64).
/// </summary>
[TestClass]
public sealed unsafe class TernaryLookupTests
{
    [TestMethod]
    [DataRow(KernelPath.Avx2Lut)]
    [DataRow(KernelPath.NeonLut)]
    public void Gemv_RandomShapesOddRowsAndTails_MatchNaiveSumsExactly(KernelPath path)
    {
        Require(path);
        var random = new Random(31);
        int[] columnChoices = [1, 100, 255, 256, 257, 300, 512, 640, 767, 1024, 1037, 2816];
        for (int trial = 0; trial < 24; trial++)
        {
            int rows = trial switch { 0 => 1, 1 => 15, 2 => 16, 3 => 17, 4 => 33, 5 => 257, _ => random.Next(1, 90) };
            int columns = columnChoices[trial % columnChoices.Length];
            var packed = new RandomTernaryMatrix(rows, columns, TernaryFormat.Tq2_0, random);
            AssertLookupMatches(path, packed, packed.RandomActivations(1, random), tokens: 1, threads: 1 + trial % 3);
        }
    }

    [TestMethod]
    [DataRow(KernelPath.Avx2Lut)]
    [DataRow(KernelPath.NeonLut)]
    public void Gemv_ExtremeActivationsOnLongRows_DoNotOverflowTheInt8OrInt16Stages(KernelPath path)
    {
        Require(path);
        var random = new Random(32);
        foreach (sbyte t in new sbyte[] { 1, -1 })
            foreach (sbyte value in new sbyte[] { -128, 127, -1, 15, -16 })
            {
                var packed = new RandomTernaryMatrix(19, 4096, TernaryFormat.Tq2_0, random, _ => t);
                var x = new sbyte[packed.Matrix.PaddedColumns];
                Array.Fill(x, value);
                AssertLookupMatches(path, packed, x, tokens: 1, threads: 2);
            }
    }

    [TestMethod]
    [DataRow(KernelPath.Avx2Lut)]
    [DataRow(KernelPath.NeonLut)]
    public void Gemv_ManyChunksSplitMidTileAcrossThreads_MatchesNaiveSumsExactly(KernelPath path)
    {
        Require(path);
        var random = new Random(33);
        foreach (int threads in new[] { 2, 3, 5 })
        {
            var packed = new RandomTernaryMatrix(701 + threads, 1037, TernaryFormat.Tq2_0, random);
            AssertLookupMatches(path, packed, packed.RandomActivations(1, random), tokens: 1, threads);
        }
    }

    [TestMethod]
    [DataRow(KernelPath.Avx2Lut)]
    [DataRow(KernelPath.NeonLut)]
    public void Gemm_PromptTokensOnTheLookupPath_UseTheStandardRowsAndMatchExactly(KernelPath path)
    {
        Require(path);
        var random = new Random(34);
        var packed = new RandomTernaryMatrix(45, 640, TernaryFormat.Tq2_0, random);
        AssertLookupMatches(path, packed, packed.RandomActivations(5, random), tokens: 5, threads: 2);
    }

    [TestMethod]
    [DataRow(KernelPath.Avx2Lut)]
    [DataRow(KernelPath.NeonLut)]
    public void Gemv_SameActivationsBufferWithNewContents_RebuildsTheTables(KernelPath path)
    {
        Require(path);
        var random = new Random(35);
        var packed = new RandomTernaryMatrix(40, 512, TernaryFormat.Tq2_0, random);
        sbyte[] x = packed.RandomActivations(1, random);
        AssertLookupMatches(path, packed, x, tokens: 1, threads: 1);
        x[300] = (sbyte)(x[300] == 5 ? -7 : 5);
        AssertLookupMatches(path, packed, x, tokens: 1, threads: 1);
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

    [TestMethod]
    public void Selector_NeonLutPath_IsOfferedOnArm64OnlyAndIsNeverTheBest()
    {
        Assert.AreEqual("neon-lut", KernelSelector.NameOf(KernelPath.NeonLut));
        Assert.AreEqual(KernelPath.NeonLut, KernelSelector.Parse(" Neon-LUT "));
        Assert.AreEqual(AdvSimd.Arm64.IsSupported, KernelSelector.IsSupported(KernelPath.NeonLut));
        Assert.AreNotEqual(KernelPath.NeonLut, KernelSelector.Best);
        if (KernelSelector.IsSupported(KernelPath.NeonLut))
        {
            Assert.IsTrue(KernelSelector.Create(KernelPath.NeonLut).UsesLookupTiles);
            Assert.IsFalse(KernelSelector.Create(KernelPath.Neon).UsesLookupTiles);
        }
        else
        {
            Assert.ThrowsExactly<PlatformNotSupportedException>(() => KernelSelector.Create(KernelPath.NeonLut));
        }
    }

    private static void Require(KernelPath path)
    {
        if (!KernelSelector.IsSupported(path)) Assert.Inconclusive($"no {KernelSelector.NameOf(path)} path on this CPU or in this process");
    }

    private static void AssertLookupMatches(KernelPath path, RandomTernaryMatrix packed, sbyte[] x, int tokens, int threads)
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
            using var projector = new TernaryProjector(threads, KernelSelector.Create(path));
            if (tokens == 1) projector.Gemv(tiled, x, acc);
            else projector.Gemm(tiled, x, tokens, acc);
            string shape = $"{KernelSelector.NameOf(path)}, {m.Rows}x{m.Columns}, {tokens} token(s), {threads} thread(s)";
            CollectionAssert.AreEqual(expected, acc[..expected.Length], shape);
            Assert.AreEqual(int.MinValue, acc[^1], shape);
        }
        finally
        {
            NativeMemory.AlignedFree(tiles);
        }
    }
}

using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

/// <summary>What the format measurement returns and that its timed loop allocates nothing; never how fast anything is.</summary>
[TestClass]
public sealed class FormatDecodeBenchmarkTests
{
    private static readonly HgrnBitConfig Small = new() { VocabSize = 512, HiddenSize = 256, NumHiddenLayers = 2 };

    [TestMethod]
    public void Measure_EveryPath_ReportsBothFormatsAndAllocatesNothingWhileTimed()
    {
        using var set = new FormatWeightSet(Small, 1 << 20, lookupTiles: LookupPath() is not null);
        foreach (KernelPath path in KernelSelector.Supported)
        {
            FormatDecodeResult r = FormatDecodeBenchmark.Measure(set, KernelSelector.Create(path), threads: 2, rounds: 3, sliceSeconds: 0.002);
            string name = KernelSelector.NameOf(path);
            Assert.AreEqual(name, r.KernelPath);
            Assert.AreEqual(2, r.Threads);
            Assert.AreEqual(3, r.Rounds);
            Assert.IsGreaterThan(0.0, r.Tq2WeightsPerSecond, name);
            Assert.IsGreaterThan(0.0, r.Tq1WeightsPerSecond, name);
            Assert.IsTrue(r.Tq1OverTq2Min <= r.Tq1OverTq2 && r.Tq1OverTq2 <= r.Tq1OverTq2Max, $"{name}: {r.Tq1OverTq2Min} <= {r.Tq1OverTq2} <= {r.Tq1OverTq2Max}");
            Assert.AreEqual(0L, r.AllocatedBytes, name);
            Assert.AreEqual(set.BytesIn(TernaryFormat.Tq1_0), r.SetBytesTq1);
            Assert.AreEqual(FormatRecommendation.Choose(r.Tq1OverTq2), r.Recommended);
        }
    }

    [TestMethod]
    public void Result_DerivedFigures_FollowFromTheBlockSizesAndTheModel()
    {
        var r = new FormatDecodeResult("avx2", 2, 5, 25.6e9, 12.8e9, 0.5, 0.4, 0.6, 1_000_000_000, 64 << 20, 0);
        Assert.AreEqual(6.6, r.Tq2GBps, 1e-9);
        Assert.AreEqual(2.7, r.Tq1GBps, 1e-9);
        Assert.AreEqual(25.6, r.Tq2TokensPerSecond, 1e-9);
        Assert.AreEqual(12.8, r.Tq1TokensPerSecond, 1e-9);
        Assert.AreEqual(TernaryFormat.Tq2_0, r.Recommended);
    }

    [TestMethod]
    public void Measure_LookupPathWithoutTiles_IsRefusedWithTheReason()
    {
        KernelPath? lookup = LookupPath();
        if (lookup is null) Assert.Inconclusive("no table-lookup path (avx2-lut, neon-lut) on this CPU");
        using var set = new FormatWeightSet(Small, 1 << 20);
        var e = Assert.ThrowsExactly<ArgumentException>(() => FormatDecodeBenchmark.Measure(set, KernelSelector.Create(lookup.Value), 1));
        StringAssert.Contains(e.Message, "lookup tiles");
    }

    [TestMethod]
    public void Measure_BadArguments_AreRefused()
    {
        using var set = new FormatWeightSet(Small, 1 << 20);
        TernaryKernel kernel = KernelSelector.Create(KernelPath.Scalar);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FormatDecodeBenchmark.Measure(set, kernel, 1, rounds: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FormatDecodeBenchmark.Measure(set, kernel, 1, sliceSeconds: 0));
    }

    /// <summary>The first supported path that decodes from lookup tiles (avx2-lut on x86, neon-lut on arm64), if any.</summary>
    private static KernelPath? LookupPath()
    {
        foreach (KernelPath path in KernelSelector.Supported)
            if (KernelSelector.Create(path).UsesLookupTiles) return path;
        return null;
    }
}

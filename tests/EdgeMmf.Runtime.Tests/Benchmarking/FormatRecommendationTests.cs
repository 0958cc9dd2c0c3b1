using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

/// <summary>The choice <c>convert</c> makes from injected measurements: TQ2_0 unless TQ1_0 is at least 5% faster.</summary>
[TestClass]
public sealed class FormatRecommendationTests
{
    [TestMethod]
    [DataRow(0.45)]
    [DataRow(0.99)]
    [DataRow(1.0)]
    [DataRow(1.049)]
    public void Choose_Tq1NotClearlyFaster_KeepsTq2(double ratio) => Assert.AreEqual(TernaryFormat.Tq2_0, FormatRecommendation.Choose(ratio));

    [TestMethod]
    [DataRow(1.05)]
    [DataRow(1.15)]
    [DataRow(1.22)]
    public void Choose_Tq1AtLeastTheMarginFaster_TakesTq1(double ratio) => Assert.AreEqual(TernaryFormat.Tq1_0, FormatRecommendation.Choose(ratio));

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(0.0)]
    [DataRow(-2.0)]
    public void Choose_NoUsableMeasurement_KeepsTq2(double ratio) => Assert.AreEqual(TernaryFormat.Tq2_0, FormatRecommendation.Choose(ratio));

    [TestMethod]
    public void Choose_MarginIsTheCaller_s()
    {
        Assert.AreEqual(TernaryFormat.Tq1_0, FormatRecommendation.Choose(1.01, margin: 0));
        Assert.AreEqual(TernaryFormat.Tq2_0, FormatRecommendation.Choose(1.15, margin: 0.2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FormatRecommendation.Choose(1.1, margin: -0.1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FormatRecommendation.Choose(1.1, margin: double.NaN));
    }

    [TestMethod]
    public void Describe_Tq1Faster_SaysByHowMuchWhereAndWhatItWrites() =>
        Assert.AreEqual("tq1_0 decodes 1.15x faster than tq2_0 here (avx2, 2 threads): writing tq1_0; pass --type to choose",
            FormatRecommendation.Describe(1.15, "avx2", 2));

    [TestMethod]
    public void Describe_Tq2Faster_GivesTq2_sFactor() =>
        Assert.AreEqual("tq2_0 decodes 2.00x faster than tq1_0 here (avx-vnni, 1 thread): writing tq2_0; pass --type to choose",
            FormatRecommendation.Describe(0.5, "avx-vnni", 1));

    [TestMethod]
    public void Describe_Tq1FasterWithinTheMargin_SaysTheMarginKeptTq2() =>
        Assert.AreEqual("tq1_0 decodes only 1.03x as fast as tq2_0 here (neon-dotprod, 4 threads), under the 5% margin: writing tq2_0; pass --type to choose",
            FormatRecommendation.Describe(1.03, "neon-dotprod", 4));

    [TestMethod]
    public void Describe_NoMeasurement_SaysSoAndWritesTq2() =>
        StringAssert.EndsWith(FormatRecommendation.Describe(double.NaN, "scalar", 1), "could not be measured here (scalar, 1 thread): writing tq2_0; pass --type to choose");
}

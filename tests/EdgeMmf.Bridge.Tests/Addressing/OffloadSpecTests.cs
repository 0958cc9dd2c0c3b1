using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Tests.Addressing;

[TestClass]
public sealed class OffloadSpecTests
{
    [TestMethod]
    public void Includes_RangesAndSingles_CoverExactlyThoseLayers()
    {
        OffloadSpec spec = OffloadSpec.Parse("layers=0-11,14");
        bool[] included = Enumerable.Range(-1, 25).Select(spec.Includes).ToArray();
        bool[] expected = Enumerable.Range(-1, 25).Select(l => l is >= 0 and <= 11 or 14).ToArray();
        CollectionAssert.AreEqual(expected, included);
    }

    [TestMethod]
    public void Includes_AllAndHead_CoverEveryLayerAndLmHead()
    {
        OffloadSpec spec = OffloadSpec.Parse("layers=all,head");
        Assert.IsTrue(spec.Includes(0));
        Assert.IsTrue(spec.Includes(31));
        Assert.IsTrue(spec.Includes(-1));
        Assert.IsFalse(OffloadSpec.Parse("layers=all").Includes(-1));
    }

    [TestMethod]
    [DataRow("", "is empty")]
    [DataRow("0-11", "must start with 'layers='")]
    [DataRow("layers=", "names no layers")]
    [DataRow("layers=0-x", "'0-x' is not a layer number")]
    [DataRow("layers=-3", "'-3' is not a layer number")]
    [DataRow("layers=11-0", "runs backwards; write 0-11")]
    [DataRow("layers=1,,2", "'' is not a layer number")]
    public void Parse_Malformed_ThrowsNamingTheProblem(string text, string expected)
    {
        var error = Assert.ThrowsExactly<OffloadSpecException>(() => OffloadSpec.Parse(text));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void Validate_LayerBeyondTheModel_ThrowsNamingTheModelsLayers()
    {
        var error = Assert.ThrowsExactly<OffloadSpecException>(() => OffloadSpec.Parse("layers=20-24").Validate(24));
        StringAssert.Contains(error.Message, "names layer 24");
        StringAssert.Contains(error.Message, "0-23");
        OffloadSpec.Parse("layers=0-23,head").Validate(24);
    }
}

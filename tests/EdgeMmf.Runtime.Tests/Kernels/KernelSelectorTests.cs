using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed class KernelSelectorTests
{
    [TestMethod]
    public void Supported_AlwaysIncludesTheScalarOracle() => Assert.AreEqual(KernelPath.Scalar, KernelSelector.Supported[0]);

    [TestMethod]
    public void Parse_EveryPathName_RoundTrips()
    {
        foreach (KernelPath path in Enum.GetValues<KernelPath>())
            Assert.AreEqual(path, KernelSelector.Parse(KernelSelector.NameOf(path).ToUpperInvariant()));
    }

    [TestMethod]
    public void Parse_UnknownName_ThrowsNamingTheVariable()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => KernelSelector.Parse("sse9"));
        StringAssert.Contains(e.Message, KernelSelector.EnvironmentVariable);
    }

    [TestMethod]
    public void Create_UnsupportedPath_ThrowsPlatformNotSupported()
    {
        KernelPath? missing = Enum.GetValues<KernelPath>().Cast<KernelPath?>().FirstOrDefault(p => !KernelSelector.IsSupported(p!.Value));
        if (missing is null) Assert.Inconclusive("this CPU supports every path");
        Assert.ThrowsExactly<PlatformNotSupportedException>(() => KernelSelector.Create(missing.Value));
    }

    [TestMethod]
    public void Describe_NamesTheDefaultPath() =>
        StringAssert.Contains(KernelSelector.Describe(), KernelSelector.Default.Name);
}

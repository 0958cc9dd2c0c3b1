using EdgeMmf.Diagnostics.Benchmarking;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

/// <summary>The ggml peer is optional: without its libraries the loader says what is missing and nothing else changes.</summary>
[TestClass]
public sealed class GgmlLibraryTests
{
    [TestMethod]
    public void TryLoad_MissingFolder_NamesIt()
    {
        string folder = Path.Combine(Path.GetTempPath(), "edgemmf-no-such-ggml-" + Guid.NewGuid().ToString("N"));
        Assert.IsNull(GgmlLibrary.TryLoad(folder, out string problem));
        StringAssert.Contains(problem, folder);
        StringAssert.Contains(problem, "does not exist");
    }

    [TestMethod]
    public void TryLoad_FolderWithoutTheLibraries_SaysWhichFilesItLooksFor()
    {
        string folder = Directory.CreateTempSubdirectory("edgemmf-empty-ggml-").FullName;
        try
        {
            Assert.IsNull(GgmlLibrary.TryLoad(folder, out string problem));
            StringAssert.Contains(problem, folder);
            StringAssert.Contains(problem, "ggml-cpu");
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [TestMethod]
    public void TryLoadConfigured_BadFolder_IsAProblemNotASilentAbsence()
    {
        Assert.IsNull(GgmlLibrary.TryLoadConfigured("/nonexistent/edgemmf-ggml", out string? problem));
        Assert.IsNotNull(problem);
    }

    [TestMethod]
    public void PreferredVariants_OnX64_EndWithTheBuildEveryCpuRuns()
    {
        IReadOnlyList<string> variants = GgmlLibrary.PreferredVariants();
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.AreEqual(0, variants.Count);
            return;
        }
        Assert.AreEqual("noavx", variants[^1]);
        Assert.AreEqual(System.Runtime.Intrinsics.X86.Avx2.IsSupported, variants.Contains("avx2"));
    }
}

using EdgeMmf.Runtime.Bundles;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Tests.Gguf;

namespace EdgeMmf.Runtime.Tests.Bundles;

[TestClass]
public sealed class ModelBundleTests
{
    /// <summary>
    /// A real ELF executable to put in front: this test project's own host program beside its assembly
    /// (under qemu-user, Environment.ProcessPath is not available to it).
    /// </summary>
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "EdgeMmf.Runtime.Tests");

    private static string Scratch(string name)
    {
        string directory = Path.Combine(Path.GetTempPath(), "edgemmf-bundle-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    private static (string Bundle, byte[] Gguf) MakeBundle()
    {
        byte[] gguf = GgufTestFiles.TinyModel();
        string bundle = Scratch("tiny-bundle");
        using var runtime = new FileStream(Executable, FileMode.Open, FileAccess.Read);
        using var model = new MemoryStream(gguf);
        ModelBundle.Write(runtime, runtime.Length, model, gguf.Length, bundle);
        return (bundle, gguf);
    }

    [TestMethod]
    public void ElfImage_OfAPlainExecutable_EndsAtTheEndOfTheFile()
    {
        using var file = new FileStream(Executable, FileMode.Open, FileAccess.Read);
        Assert.AreEqual(file.Length, ElfImage.End(file));
        Assert.IsNull(ModelBundle.Find(Executable));
    }

    [TestMethod]
    public void Find_APlainGgufFile_IsNoBundle()
    {
        string gguf = Scratch("tiny.gguf");
        File.WriteAllBytes(gguf, GgufTestFiles.TinyModel());
        Assert.IsNull(ModelBundle.Find(gguf));
    }

    [TestMethod]
    public void Write_ThenOpen_MapsTheSameModelFromInsideTheExecutable()
    {
        (string bundle, byte[] gguf) = MakeBundle();
        long executableLength = new FileInfo(Executable).Length;

        ModelBundle found = ModelBundle.Find(bundle)!;
        Assert.AreEqual(executableLength, found.RuntimeLength);
        Assert.AreEqual(0, found.GgufOffset % ModelBundle.Alignment);
        Assert.IsTrue(found.GgufOffset >= executableLength && found.GgufOffset < executableLength + ModelBundle.Alignment);
        Assert.AreEqual(gguf.Length, found.GgufLength);
        Assert.AreEqual(found.GgufOffset + gguf.Length + ModelBundle.TrailerBytes, new FileInfo(bundle).Length);
        CollectionAssert.AreEqual(File.ReadAllBytes(Executable), File.ReadAllBytes(bundle)[..(int)executableLength], "the executable is copied unchanged");
        if (!OperatingSystem.IsWindows()) Assert.IsTrue(File.GetUnixFileMode(bundle).HasFlag(UnixFileMode.UserExecute));

        using GgufFile mapped = GgufFile.Open(bundle);
        using GgufFile original = GgufFile.FromMemory(gguf, "tiny.gguf");
        Assert.IsNotNull(mapped.Bundle);
        Assert.AreEqual(original.Tensors.Count, mapped.Tensors.Count);
        for (int k = 0; k < original.Tensors.Count; k++)
            Assert.IsTrue(original.TensorBytes(original.Tensors[k]).SequenceEqual(mapped.TensorBytes(mapped.Tensors[k])), original.Tensors[k].Name);
        Assert.IsTrue(ModelFiles.IsGguf(bundle));
        using HgrnBitModel model = ModelFiles.Load(bundle, WeightPlacement.Mapped);
        Assert.AreEqual(GgufTestFiles.Tiny.VocabSize, model.Config.VocabSize);
        StringAssert.Contains(found.Describe(), "bundled in " + bundle);
    }

    [TestMethod]
    public void Write_FromABundle_KeepsOnlyItsExecutable()
    {
        (string first, byte[] gguf) = MakeBundle();
        string second = Scratch("again");
        ModelBundle firstBundle = ModelBundle.Find(first)!;
        using (var runtime = new FileStream(first, FileMode.Open, FileAccess.Read))
        using (var model = new MemoryStream(gguf))
            ModelBundle.Write(runtime, firstBundle.RuntimeLength, model, gguf.Length, second);
        CollectionAssert.AreEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [TestMethod]
    public void Find_ABundleCutShort_SaysSoAndNamesTheFile()
    {
        foreach (int cut in new[] { 1, ModelBundle.TrailerBytes, 1000, ModelBundle.TrailerBytes + 70_000 })
        {
            (string bundle, _) = MakeBundle();
            using (var file = new FileStream(bundle, FileMode.Open, FileAccess.Write)) file.SetLength(file.Length - cut);
            var e = Assert.ThrowsExactly<ModelFormatException>(() => ModelBundle.Find(bundle), $"cut {cut}");
            StringAssert.Contains(e.Message, bundle);
            StringAssert.Contains(e.Message, "cut short");
        }
    }

    [TestMethod]
    public void Open_ABundleWithAnAlteredModelByte_IsRefusedByItsHash()
    {
        (string bundle, byte[] gguf) = MakeBundle();
        ModelBundle found = ModelBundle.Find(bundle)!;
        byte[] bytes = File.ReadAllBytes(bundle);
        bytes[found.GgufOffset + gguf.Length - 3] ^= 0x10; // inside the last tensor's data: the GGUF still parses
        File.WriteAllBytes(bundle, bytes);

        var e = Assert.ThrowsExactly<ModelFormatException>(() => GgufFile.Open(bundle));
        StringAssert.Contains(e.Message, bundle);
        StringAssert.Contains(e.Message, "does not match the hash");
    }

    [TestMethod]
    public void Find_ABundleWithAnAlteredTrailer_IsRefused()
    {
        (string bundle, _) = MakeBundle();
        byte[] bytes = File.ReadAllBytes(bundle);
        bytes[bytes.Length - ModelBundle.TrailerBytes + 33] ^= 0x01; // the recorded GGUF length
        File.WriteAllBytes(bundle, bytes);

        var e = Assert.ThrowsExactly<ModelFormatException>(() => ModelBundle.Find(bundle));
        StringAssert.Contains(e.Message, "trailer");
    }
}

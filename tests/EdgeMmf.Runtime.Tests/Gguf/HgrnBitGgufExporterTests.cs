using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Gguf;

[TestClass]
public sealed class HgrnBitGgufExporterTests
{
    private static float[] Logits(HgrnBitModel model)
    {
        using var projector = new TernaryProjector(1);
        var state = new InferenceState(model.Config, maxBatch: 8);
        new FastForward(model, projector).Forward([1, 5, 7, 300, 2], state);
        return state.Logits;
    }

    private static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), $"edgemmf-gguf-tests-{Environment.ProcessId}", name);

    [TestMethod]
    [DataRow("tq2_0")]
    [DataRow("tq1_0")]
    public void Write_RandomModelWithoutLowerBounds_LoadsWithIdenticalLogits(string type)
    {
        TernaryFormat format = type == "tq1_0" ? TernaryFormat.Tq1_0 : TernaryFormat.Tq2_0;
        HgrnBitConfig config = RandomModel.Shape("tiny") with { UseLowerBound = false };
        using HgrnBitModel model = RandomModel.Create(config, 5, format);
        string path = TempFile($"export-{type}.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        HgrnBitGgufExporter.Write(model, path, "tiny");
        using HgrnBitModel loaded = HgrnBitGgufLoader.Load(path);
        Assert.AreEqual(format, loaded.Layers[0].GateProj.Weight.Format);
        Assert.AreEqual(EmbeddingElementType.F16, loaded.Embeddings.ElementType);
        CollectionAssert.AreEqual(Logits(model), Logits(loaded));
    }

    [TestMethod]
    public void RecoverRawLowerBounds_GivesBackTheBoundsToFloatRounding()
    {
        var random = new Random(3);
        int layers = 6, hidden = 16;
        var raw = new float[layers * hidden];
        for (int k = 0; k < raw.Length; k++) raw[k] = (float)(random.NextDouble() * 4 - 2);
        float[][] lb = LowerBounds.Compute(raw, layers, hidden);
        float[][] again = LowerBounds.Compute(HgrnBitGgufExporter.RecoverRawLowerBounds(lb, layers, hidden), layers, hidden);
        for (int n = 0; n < layers; n++)
            for (int c = 0; c < hidden; c++)
                Assert.AreEqual(lb[n][c], again[n][c], 1e-6f, $"layer {n} channel {c}");
    }
}

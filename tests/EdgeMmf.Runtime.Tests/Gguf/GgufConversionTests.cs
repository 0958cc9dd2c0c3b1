using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Gguf;

[TestClass]
public sealed class GgufConversionTests
{
    private static readonly int[] Prompt = [1, 17, 250, 3, 3, 99, 42, 7, 299, 0];

    private static readonly Lock ConvertLock = new();

    /// <summary>A conversion shared by test classes that run in parallel: the first caller writes it, the others wait for it.</summary>
    internal static string Converted(string checkpoint, GgufConversionOptions options, string tag)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemmf-gguf-tests-{Environment.ProcessId}", $"{Path.GetFileName(checkpoint)}-{tag}.gguf");
        lock (ConvertLock)
            if (!File.Exists(path)) HgrnBitGgufConverter.Convert(checkpoint, path, options);
        return path;
    }

    /// <summary>Logits after each token of <see cref="Prompt"/>, decoded one token at a time.</summary>
    private static List<float[]> Logits(HgrnBitModel model)
    {
        using var projector = new TernaryProjector(2);
        var forward = new FastForward(model, projector);
        var state = new InferenceState(model.Config, maxBatch: 1);
        var all = new List<float[]>();
        foreach (int token in Prompt)
        {
            forward.Forward([token], state);
            all.Add((float[])state.Logits.Clone());
        }
        return all;
    }

    private static void AssertSameLogits(string checkpoint, string gguf)
    {
        using HgrnBitModel direct = HgrnBitCheckpointLoader.Load(checkpoint);
        using HgrnBitModel packed = HgrnBitGgufLoader.Load(gguf);
        List<float[]> expected = Logits(direct), actual = Logits(packed);
        for (int k = 0; k < expected.Count; k++) CollectionAssert.AreEqual(expected[k], actual[k], $"logits after token {k}");
    }

    [TestMethod]
    [DataRow("tq2_0")]
    [DataRow("tq1_0")]
    public void Convert_Float32Checkpoint_GivesIdenticalLogits(string type)
    {
        TernaryFormat format = type == "tq1_0" ? TernaryFormat.Tq1_0 : TernaryFormat.Tq2_0;
        string checkpoint = TestModels.Checkpoint(TestModels.Small, seed: 11);
        string gguf = Converted(checkpoint, new GgufConversionOptions { WeightFormat = format }, type);
        AssertSameLogits(checkpoint, gguf);
        using HgrnBitModel packed = HgrnBitGgufLoader.Load(gguf);
        Assert.AreEqual(format, packed.LmHead.Weight.Format);
        Assert.AreEqual(EmbeddingElementType.F32, packed.Embeddings.ElementType);
    }

    [TestMethod]
    [DataRow("f16")]
    [DataRow("bf16")]
    public void Convert_HalfPrecisionCheckpoint_KeepsTheEmbeddingTypeAndLogits(string kind)
    {
        SafetensorsDType dtype = kind == "bf16" ? SafetensorsDType.BF16 : SafetensorsDType.F16;
        string checkpoint = TestModels.Checkpoint(TestModels.Small, seed: 12, dtype);
        string gguf = Converted(checkpoint, new GgufConversionOptions(), "same");
        AssertSameLogits(checkpoint, gguf);
        using HgrnBitModel packed = HgrnBitGgufLoader.Load(gguf);
        Assert.AreEqual(kind == "bf16" ? EmbeddingElementType.BF16 : EmbeddingElementType.F16, packed.Embeddings.ElementType);
    }

    [TestMethod]
    public void Convert_Float16EmbeddingOption_HalvesTheEmbeddingAndRoundsItsValues()
    {
        string checkpoint = TestModels.Checkpoint(TestModels.Small, seed: 11);
        string gguf = Converted(checkpoint, new GgufConversionOptions { EmbeddingType = EmbeddingElementType.F16 }, "emb-f16");
        using HgrnBitModel direct = HgrnBitCheckpointLoader.Load(checkpoint);
        using HgrnBitModel packed = HgrnBitGgufLoader.Load(gguf);
        Assert.AreEqual(EmbeddingElementType.F16, packed.Embeddings.ElementType);
        var expected = new float[direct.Config.HiddenSize];
        var actual = new float[direct.Config.HiddenSize];
        direct.Embeddings.CopyRow(42, expected);
        packed.Embeddings.CopyRow(42, actual);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual((float)(Half)expected[i], actual[i]);
    }

    [TestMethod]
    public void Load_ConvertedFile_RestoresTheConfigAndScales()
    {
        string checkpoint = TestModels.Checkpoint(TestModels.Small, seed: 11);
        string gguf = Converted(checkpoint, new GgufConversionOptions(), "tq2_0");
        using HgrnBitModel direct = HgrnBitCheckpointLoader.Load(checkpoint);
        using HgrnBitModel packed = HgrnBitGgufLoader.Load(gguf);
        Assert.AreEqual(direct.Config, packed.Config);
        Assert.AreEqual(direct.LmHead.Weight.WeightScale, packed.LmHead.Weight.WeightScale);
        for (int n = 0; n < direct.Layers.Length; n++)
            for (int k = 0; k < 6; k++)
            {
                TernaryMatrix a = direct.Layers[n].Projections[k].Weight, b = packed.Layers[n].Projections[k].Weight;
                Assert.AreEqual(a.WeightScale, b.WeightScale, a.Name);
                Assert.IsTrue(a.Row(a.Rows - 1).SequenceEqual(b.Row(b.Rows - 1)), a.Name);
            }
    }

    [TestMethod]
    public void Load_ConvertedFile_PointsTheWeightsIntoTheMappingAlignedTo64Bytes()
    {
        string gguf = Converted(TestModels.Checkpoint(TestModels.Small, seed: 11), new GgufConversionOptions(), "tq2_0");
        using GgufFile file = GgufFile.Open(gguf);
        using HgrnBitModel packed = HgrnBitGgufLoader.Load(GgufFile.Open(gguf));
        Assert.AreEqual(64, file.Contents.Alignment);
        unsafe
        {
            foreach (HgrnBitLayerWeights layer in packed.Layers)
                foreach (BitLinearWeights p in layer.Projections)
                    Assert.AreEqual(0L, (long)p.Weight.Packed % 64, p.Weight.Name);
        }
        Assert.AreEqual(HgrnBitGgufConverter.CountTensors(packed.Config), file.Tensors.Count);
    }

    [TestMethod]
    public void Convert_TiedEmbeddingsWithoutHead_TernarizesTheEmbeddingAsTheHead()
    {
        HgrnBitConfig tied = TestModels.Small with { TieWordEmbeddings = true };
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(tied, seed: 13));
        // Rewrite the checkpoint without lm_head.weight.
        string weights = Path.Combine(checkpoint, HfCheckpoint.SingleFileName);
        var writer = new SafetensorsWriter();
        using (var file = SafetensorsFile.Open(weights))
            foreach (SafetensorsTensor t in file.Tensors.Values)
            {
                if (t.Name == "lm_head.weight") continue;
                var values = new float[t.ElementCount];
                file.ReadFloat32(t, 0, values);
                writer.Add(t.Name, t.Shape, values);
            }
        writer.Write(weights);
        string gguf = Path.Combine(checkpoint, "tied.gguf");
        HgrnBitGgufConverter.Convert(checkpoint, gguf, new GgufConversionOptions());
        AssertSameLogits(checkpoint, gguf);
    }
}

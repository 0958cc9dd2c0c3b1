using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Gguf;

[TestClass]
public sealed class HgrnBitGgufLoaderTests
{
    private static ModelFormatException Refused(byte[] bytes)
    {
        try
        {
            using GgufFile file = GgufFile.FromMemory(bytes, "bad.gguf");
            using HgrnBitModel model = HgrnBitGgufLoader.Load(file);
        }
        catch (ModelFormatException e)
        {
            StringAssert.Contains(e.Message, "bad.gguf");
            return e;
        }
        Assert.Fail("the loader accepted a bad file");
        return null!;
    }

    private static byte[] WithMetadata(string key, GgufValue? value) => GgufTestFiles.Rewrite(GgufTestFiles.TinyModel(), metadata =>
    {
        if (value is null) metadata.RemoveAll(kv => kv.Key == key);
        else GgufTestFiles.Set(metadata, key, value);
    });

    private static byte[] WithTensors(Action<List<GgufTestFiles.TensorEntry>> edit) => GgufTestFiles.Rewrite(GgufTestFiles.TinyModel(), editTensors: edit);

    [TestMethod]
    public void Load_TinyModel_ReadsTheTokenizer()
    {
        byte[] bytes = GgufTestFiles.TinyModel();
        using GgufFile file = GgufFile.FromMemory(bytes, "tiny.gguf");
        GgufTokenizerData? tokenizer = HgrnBitGgufMetadata.ReadTokenizer(file.Contents, file.Path);
        Assert.IsNotNull(tokenizer);
        Assert.AreEqual("▁p39", tokenizer.Pieces[39]);
        Assert.AreEqual(-39f, tokenizer.Scores[39]);
        Assert.AreEqual(3, tokenizer.TokenTypes[1]);
        Assert.IsTrue(tokenizer.AddBosToken);
        Assert.IsFalse(tokenizer.AddEosToken);
        using HgrnBitModel model = HgrnBitGgufLoader.Load(GgufFile.FromMemory(bytes, "tiny.gguf"));
        Assert.AreEqual(GgufTestFiles.Tiny, model.Config);
    }

    [TestMethod]
    public void Load_ConvertedWithoutTokenizer_HasNone()
    {
        string gguf = GgufConversionTests.Converted(TestModels.Checkpoint(TestModels.Small, seed: 11), new GgufConversionOptions(), "tq2_0");
        using GgufFile file = GgufFile.Open(gguf);
        Assert.IsNull(HgrnBitGgufMetadata.ReadTokenizer(file.Contents, file.Path));
    }

    [TestMethod]
    public void Load_OtherArchitecture_IsRefusedNamingIt()
    {
        ModelFormatException e = Refused(WithMetadata("general.architecture", GgufValue.String("llama")));
        Assert.AreEqual("general.architecture", e.Item);
        StringAssert.Contains(e.Message, "llama");
    }

    [TestMethod]
    [DataRow("hgrn_bit.embedding_length")]
    [DataRow("hgrn_bit.block_count")]
    [DataRow("hgrn_bit.use_lower_bound")]
    [DataRow("hgrn_bit.rms_norm_eps")]
    [DataRow("edgemmf.format_version")]
    public void Load_MissingHyperparameter_IsRefusedNamingTheKey(string key) =>
        Assert.AreEqual(key, Refused(WithMetadata(key, null)).Item);

    [TestMethod]
    public void Load_HyperparameterOfWrongType_IsRefusedNamingTheKey()
    {
        ModelFormatException e = Refused(WithMetadata("hgrn_bit.embedding_length", GgufValue.String("32")));
        Assert.AreEqual("hgrn_bit.embedding_length", e.Item);
        StringAssert.Contains(e.Message, "integer");
    }

    [TestMethod]
    public void Load_NegativeDimension_IsRefused() =>
        StringAssert.Contains(Refused(WithMetadata("hgrn_bit.vocab_size", GgufValue.Int32(-4))).Message, "between");

    [TestMethod]
    public void Load_ShortConvVariant_IsRefusedLikeConfigJson() =>
        Assert.AreEqual("use_short_conv", Refused(WithMetadata("hgrn_bit.use_short_conv", GgufValue.Bool(true))).Item);

    [TestMethod]
    public void Load_ShapeThatDisagreesWithTheMetadata_NamesTheTensor()
    {
        ModelFormatException e = Refused(WithMetadata("hgrn_bit.feed_forward_length", GgufValue.UInt32(512)));
        Assert.AreEqual("model.layers.0.mlp.gate_proj.weight", e.Item);
        StringAssert.Contains(e.Message, "shape");
    }

    [TestMethod]
    [DataRow("model.layers.1.attn.f_proj.weight")]
    [DataRow("model.layers.0.attn.o_proj.weight.scale")]
    [DataRow("model.layers.1.mlp_norm.weight")]
    [DataRow("model.lower_bounds")]
    [DataRow("lm_head.norm.weight")]
    public void Load_MissingTensor_NamesIt(string name)
    {
        ModelFormatException e = Refused(WithTensors(t => t.RemoveAll(x => x.Name == name)));
        Assert.AreEqual(name, e.Item);
        StringAssert.Contains(e.Message, "missing");
    }

    [TestMethod]
    public void Load_TernaryWeightStoredAsFloat_IsRefusedNamingTheType()
    {
        ModelFormatException e = Refused(WithTensors(t =>
        {
            int k = t.FindIndex(x => x.Name == "model.layers.0.attn.i_proj.weight");
            t[k] = t[k] with { Type = GgmlType.F32, Data = new byte[t[k].Ne[0] * t[k].Ne[1] * 4] };
        }));
        Assert.AreEqual("model.layers.0.attn.i_proj.weight", e.Item);
        StringAssert.Contains(e.Message, "tq2_0 or tq1_0");
    }

    [TestMethod]
    public void Load_GainStoredAsHalf_IsRefusedNamingTheType()
    {
        ModelFormatException e = Refused(WithTensors(t =>
        {
            int k = t.FindIndex(x => x.Name == "model.norm.weight");
            t[k] = t[k] with { Type = GgmlType.F16, Data = new byte[t[k].Ne[0] * 2] };
        }));
        Assert.AreEqual("model.norm.weight", e.Item);
        StringAssert.Contains(e.Message, "expected f32");
    }

    [TestMethod]
    public void Load_EmbeddingOfQuantizedType_IsRefused()
    {
        ModelFormatException e = Refused(WithTensors(t =>
        {
            int k = t.FindIndex(x => x.Name == "model.embeddings.weight");
            t[k] = t[k] with { Type = GgmlType.Q8_0, Data = new byte[t[k].Ne[0] / 32 * 34 * t[k].Ne[1]] };
        }));
        Assert.AreEqual("model.embeddings.weight", e.Item);
    }

    [TestMethod]
    public void Load_TransposedMatrix_IsRefused()
    {
        ModelFormatException e = Refused(WithTensors(t =>
        {
            int k = t.FindIndex(x => x.Name == "model.lower_bounds");
            t[k] = t[k] with { Ne = [t[k].Ne[1], t[k].Ne[0]] };
        }));
        Assert.AreEqual("model.lower_bounds", e.Item);
    }

    [TestMethod]
    [DataRow(0f)]
    [DataRow(-2f)]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    public void Load_NonPositiveWeightScale_IsRefused(float scale)
    {
        ModelFormatException e = Refused(WithTensors(t =>
        {
            int k = t.FindIndex(x => x.Name == "lm_head.weight.scale");
            t[k] = t[k] with { Data = BitConverter.GetBytes(scale) };
        }));
        Assert.AreEqual("lm_head.weight.scale", e.Item);
    }

    [TestMethod]
    public void Load_BlocksWithFoldedScale_AreRefused()
    {
        ModelFormatException e = Refused(WithTensors(t =>
        {
            int k = t.FindIndex(x => x.Name == "model.layers.0.attn.i_proj.weight");
            t[k].Data[64] = 0x00;   // d = 0x3800 (0.5) instead of 1.0
            t[k].Data[65] = 0x38;
        }));
        StringAssert.Contains(e.Message, "d = 0.5");
    }

    [TestMethod]
    public void ReadTokenizer_ArraysOfDifferentLengths_AreRefused()
    {
        byte[] bytes = WithMetadata("tokenizer.ggml.scores", GgufValue.Array(new float[3]));
        using GgufFile file = GgufFile.FromMemory(bytes, "bad.gguf");
        ModelFormatException e = Assert.ThrowsExactly<ModelFormatException>(() => HgrnBitGgufMetadata.ReadTokenizer(file.Contents, file.Path));
        StringAssert.Contains(e.Message, "disagree");
    }

    [TestMethod]
    public void ReadTokenizer_TokensOfWrongElementType_AreRefused()
    {
        byte[] bytes = WithMetadata("tokenizer.ggml.tokens", GgufValue.Array(new int[40]));
        using GgufFile file = GgufFile.FromMemory(bytes, "bad.gguf");
        Assert.AreEqual("tokenizer.ggml.tokens",
            Assert.ThrowsExactly<ModelFormatException>(() => HgrnBitGgufMetadata.ReadTokenizer(file.Contents, file.Path)).Item);
    }

    [TestMethod]
    public void Open_MissingFile_IsAFormatErrorNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "edgemmf-no-such-" + Guid.NewGuid().ToString("N") + ".gguf");
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => HgrnBitGgufLoader.Load(path)).Message, path);
    }
}

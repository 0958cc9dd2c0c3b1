using System.Text;
using System.Text.Json;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Checkpoints;

/// <summary>config.json as transformers writes it: base-class fields accepted, unknown ones warned about (or refused under --strict-config).</summary>
[TestClass]
public sealed class HfConfigReaderTests
{
    private static readonly byte[] Rand160Config = File.ReadAllBytes(TestData.Path("checkpoints", "rand-h160", "config.json"));

    private static string WithField(string name, string value)
    {
        string text = Encoding.UTF8.GetString(Rand160Config);
        return text.Replace("\"model_type\"", $"\"{name}\": {value}, \"model_type\"");
    }

    private static (HgrnBitConfig Config, List<string> Warnings) Parse(string json, bool strict = false)
    {
        var warnings = new List<string>();
        HgrnBitConfig config = HfConfigReader.Parse(Encoding.UTF8.GetBytes(json), "dir/config.json", new HfConfigPolicy { Strict = strict, Warn = warnings.Add });
        return (config, warnings);
    }

    /// <summary>Logits after each token of every short golden prompt, one token at a time.</summary>
    private static List<(float[][] Ours, float[][] Original)> ShortPromptLogits(HgrnBitModel model)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("fidelity", "rand-h160.json")));
        using var projector = new TernaryProjector(1);
        var forward = new FastForward(model, projector);
        var rows = new List<(float[][], float[][])>();
        foreach (JsonElement p in document.RootElement.GetProperty("prompts").EnumerateArray())
        {
            int[] ids = p.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            if (ids.Length > 3) continue;
            float[][] original = p.GetProperty("mmfreelm_logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
            var state = new InferenceState(model.Config, maxBatch: 1);
            var ours = new float[ids.Length][];
            for (int k = 0; k < ids.Length; k++)
            {
                forward.Forward(ids.AsSpan(k, 1), state);
                ours[k] = (float[])state.Logits.Clone();
            }
            rows.Add((ours, original));
        }
        return rows;
    }

    [TestMethod]
    [DataRow("transformers-5")]
    [DataRow("transformers-4")]
    public void SavedByTransformers_LoadsWithoutWarningsAndMatchesTheGoldens(string saver)
    {
        string directory = TestModels.CopyOf(TestData.Path("checkpoints", "rand-h160"));
        File.Copy(TestData.Path("configs", $"rand-h160.{saver}.json"), Path.Combine(directory, "config.json"), overwrite: true);
        var warnings = new List<string>();
        // Strict: every field transformers writes is a known one, so even --strict-config loads it.
        using HgrnBitModel saved = HgrnBitCheckpointLoader.Load(directory, new HfConfigPolicy { Strict = true, Warn = warnings.Add });
        using HgrnBitModel original = HgrnBitCheckpointLoader.Load(TestData.Path("checkpoints", "rand-h160"));
        Assert.IsEmpty(warnings);
        Assert.AreEqual(original.Config, saved.Config);

        List<(float[][] Ours, float[][] Original)> rows = ShortPromptLogits(saved);
        List<(float[][] Ours, float[][] Original)> reference = ShortPromptLogits(original);
        int within = 0;
        for (int p = 0; p < rows.Count; p++)
        {
            for (int k = 0; k < rows[p].Ours.Length; k++) CollectionAssert.AreEqual(reference[p].Ours[k], rows[p].Ours[k]);
            float worst = 0;
            for (int k = 0; k < rows[p].Ours.Length; k++)
                for (int v = 0; v < rows[p].Ours[k].Length; v++) worst = Math.Max(worst, Math.Abs(rows[p].Ours[k][v] - rows[p].Original[k][v]));
            if (worst <= 1e-3f) within++;
        }
        Assert.IsGreaterThanOrEqualTo(0.9 * rows.Count, (double)within, $"{within}/{rows.Count} short prompts within 1e-3 of mmfreelm's logits");
    }

    [TestMethod]
    public void EveryPretrainedConfigField_IsAcceptedEvenWhenStrict()
    {
        string[] readByEdgeMmf = ["model_type", "bos_token_id", "eos_token_id", "tie_word_embeddings"];
        foreach (string field in PretrainedConfigFields.All.Except(readByEdgeMmf))
        {
            var (_, warnings) = Parse(WithField(field, "null"), strict: true);
            Assert.IsEmpty(warnings, field);
        }
        StringAssert.Contains(string.Join(' ', PretrainedConfigFields.All), "chunk_size_feed_forward");
    }

    [TestMethod]
    public void UnknownField_IsNamedInOneWarningAndIgnored()
    {
        var (config, warnings) = Parse(WithField("rope_theta", "10000"));
        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], "dir/config.json: rope_theta:");
        Assert.AreEqual(160, config.HiddenSize);
    }

    [TestMethod]
    public void UnknownField_WhenStrict_IsRefusedByName()
    {
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Parse(WithField("rope_theta", "10000"), strict: true));
        Assert.AreEqual("rope_theta", e.Item);
        StringAssert.Contains(e.Message, "--strict-config");
    }

    [TestMethod]
    [DataRow("is_encoder_decoder", "true")]
    [DataRow("add_cross_attention", "true")]
    [DataRow("tie_encoder_decoder", "true")]
    [DataRow("pruned_heads", "{\"0\": [0]}")]
    [DataRow("per_layer_config", "{\"1\": {\"hidden_size\": 64}}")]
    public void BaseFieldThatChangesTheModel_IsRefusedByName(string field, string value)
    {
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Parse(WithField(field, value)));
        Assert.AreEqual(field, e.Item);
    }

    [TestMethod]
    [DataRow("use_short_conv", "true")]
    [DataRow("hidden_act", "\"gelu\"")]
    [DataRow("attn_mode", "\"parallel\"")]
    public void MathFieldEdgeMmfDoesNotImplement_IsStillRefusedByName(string field, string value)
    {
        string text = Encoding.UTF8.GetString(Rand160Config);
        int at = text.IndexOf($"\"{field}\"", StringComparison.Ordinal);
        int end = text.IndexOfAny([',', '\n', '}'], text.IndexOf(':', at) + 2);
        string json = text[..at] + $"\"{field}\": {value}" + text[end..];
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Parse(json));
        Assert.AreEqual(field, e.Item);
    }
}

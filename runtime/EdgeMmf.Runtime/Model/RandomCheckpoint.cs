using System.Globalization;
using EdgeMmf.Runtime.Checkpoints;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Writes a randomly initialised HGRN-Bit checkpoint in Hugging Face layout (config.json +
/// model.safetensors) for a given config: weights N(0, 0.02) like the reference's initializer,
/// norm gains near 1, lower bounds random. For tests, benchmarks of a published shape, and examples.
/// </summary>
public static class RandomCheckpoint
{
    /// <summary>Writes a checkpoint of shape <paramref name="c"/> into <paramref name="directory"/>, weights drawn from <paramref name="seed"/> and stored as <paramref name="dtype"/>.</summary>
    public static void Write(string directory, HgrnBitConfig c, int seed, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        int h = c.HiddenSize, d = c.RecurrentWidth, inter = c.IntermediateSize, v = c.VocabSize;
        var writer = new SafetensorsWriter();
        void Matrix(string name, int rows, int columns) => writer.Add(name, [rows, columns], Gaussian(random, rows * columns, 0.02f), dtype);
        void Gain(string name, int length) => writer.Add(name, [length], Around(random, length, 1f, 0.1f), dtype);
        void BitLinear(string prefix, int rows, int columns) { Matrix(prefix + ".weight", rows, columns); Gain(prefix + ".norm.weight", columns); }

        Matrix("model.embeddings.weight", v, h);
        if (c.UseLowerBound) writer.Add("model.lower_bounds", [c.NumHiddenLayers, h], Gaussian(random, c.NumHiddenLayers * h, 1f), dtype);
        for (int n = 0; n < c.NumHiddenLayers; n++)
        {
            string p = $"model.layers.{n}.";
            Gain(p + "attn_norm.weight", h);
            BitLinear(p + "attn.i_proj", d, h);
            BitLinear(p + "attn.f_proj", d, h);
            BitLinear(p + "attn.g_proj", d, h);
            Gain(p + "attn.g_norm.weight", d);
            BitLinear(p + "attn.o_proj", h, d);
            Gain(p + "mlp_norm.weight", h);
            BitLinear(p + "mlp.gate_proj", 2 * inter, h);
            BitLinear(p + "mlp.down_proj", h, inter);
        }
        Gain("model.norm.weight", h);
        BitLinear("lm_head", v, h);
        writer.Write(Path.Combine(directory, HfCheckpoint.SingleFileName));
        File.WriteAllText(Path.Combine(directory, HfCheckpoint.ConfigFileName), ConfigJson(c));
    }

    /// <summary>A config.json with every field the spec lists.</summary>
    public static string ConfigJson(HgrnBitConfig c) => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "model_type": "hgrn_bit",
          "architectures": ["HGRNBitForCausalLM"],
          "vocab_size": {{c.VocabSize}},
          "hidden_size": {{c.HiddenSize}},
          "num_hidden_layers": {{c.NumHiddenLayers}},
          "num_heads": {{c.NumHeads}},
          "expand_ratio": {{c.ExpandRatio}},
          "hidden_ratio": {{c.HiddenRatio}},
          "intermediate_size": {{(c.IntermediateSizeOverride is int i ? i.ToString(CultureInfo.InvariantCulture) : "null")}},
          "use_lower_bound": {{(c.UseLowerBound ? "true" : "false")}},
          "rms_norm_eps": {{c.RmsNormEps.ToString("R", CultureInfo.InvariantCulture)}},
          "use_short_conv": false,
          "tie_word_embeddings": {{(c.TieWordEmbeddings ? "true" : "false")}},
          "bos_token_id": {{c.BosTokenId}},
          "eos_token_id": {{c.EosTokenId}},
          "attn_mode": "{{c.AttnMode}}",
          "hidden_act": "{{c.HiddenAct}}"
        }
        """);

    private static float[] Gaussian(Random random, int count, float std)
    {
        var values = new float[count];
        for (int k = 0; k < count; k++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[k] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    private static float[] Around(Random random, int count, float center, float spread)
    {
        var values = new float[count];
        for (int k = 0; k < count; k++) values[k] = center + spread * (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}

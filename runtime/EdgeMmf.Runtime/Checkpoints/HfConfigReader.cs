using System.Text.Json;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// Reads a Hugging Face <c>config.json</c> for <c>model_type: hgrn_bit</c> (docs/model-spec.md "config.json
/// fields that matter"). Every field that changes the math is read and checked; the HGRN-Bit fields known to
/// be irrelevant at inference and every field of transformers' base config (<see cref="PretrainedConfigFields"/>)
/// are accepted, except at the values that would change the model; any other field is named in a warning
/// (or refused under <see cref="HfConfigPolicy.Strict"/>).
/// </summary>
public static class HfConfigReader
{
    /// <summary>Fields of mmfreelm's HGRNBitConfig that do not affect inference.</summary>
    private static readonly HashSet<string> IgnoredFields = new(StringComparer.Ordinal)
    {
        "initializer_range", "fuse_cross_entropy", "fuse_norm", "fuse_swiglu", "fuse_linear_cross_entropy", "use_cache",
        "max_position_embeddings", "conv_size", "share_conv_kernel", "elementwise_affine", "use_l2warp",
    };

    /// <summary>Reads and checks the config.json at <paramref name="path"/>.</summary>
    public static HgrnBitConfig Read(string path, HfConfigPolicy? policy = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, null, $"cannot read the model config ({e.Message}).", e);
        }
        return Parse(bytes, path, policy);
    }

    /// <summary>Parses and checks config.json bytes; <paramref name="path"/> names the file in errors.</summary>
    public static HgrnBitConfig Parse(ReadOnlySpan<byte> json, string path, HfConfigPolicy? policy = null)
    {
        JsonDocument document;
        // JsonDocument parses invalid UTF-8 inside strings and fails only when a string is read, with an InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw new ModelFormatException(path, null, "is not valid UTF-8 text; the file is damaged.");
        try { document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, null, $"is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, null, "the config must be a JSON object.");

            policy ??= HfConfigPolicy.Lenient;
            var config = new HgrnBitConfig();
            string? modelType = null;
            foreach (JsonProperty field in root.EnumerateObject())
            {
                JsonElement v = field.Value;
                string name = field.Name;
                config = name switch
                {
                    "model_type" => SetModelType(out modelType, v, path, config),
                    "vocab_size" => config with { VocabSize = PositiveInt(v, name, path) },
                    "hidden_size" => config with { HiddenSize = PositiveInt(v, name, path) },
                    "num_hidden_layers" => config with { NumHiddenLayers = PositiveInt(v, name, path) },
                    "num_heads" => config with { NumHeads = PositiveInt(v, name, path) },
                    "expand_ratio" => config with { ExpandRatio = PositiveInt(v, name, path) },
                    "hidden_ratio" => config with { HiddenRatio = PositiveInt(v, name, path) },
                    "intermediate_size" => config with { IntermediateSizeOverride = v.ValueKind == JsonValueKind.Null ? null : PositiveInt(v, name, path) },
                    "use_lower_bound" => config with { UseLowerBound = Bool(v, name, path) },
                    "rms_norm_eps" => config with { RmsNormEps = PositiveFloat(v, name, path) },
                    "use_short_conv" => config with { UseShortConv = Bool(v, name, path) },
                    "tie_word_embeddings" => config with { TieWordEmbeddings = Bool(v, name, path) },
                    "bos_token_id" => config with { BosTokenId = TokenId(v, name, path) },
                    "eos_token_id" => config with { EosTokenId = TokenId(v, name, path) },
                    "attn_mode" => config with { AttnMode = String(v, name, path) },
                    "hidden_act" => config with { HiddenAct = String(v, name, path) },
                    _ when IgnoredFields.Contains(name) => config,
                    _ when PretrainedConfigFields.All.Contains(name) => CheckBaseField(config, v, name, path),
                    _ => Unknown(config, name, path, policy),
                };
            }
            if (modelType is null)
                throw new ModelFormatException(path, "model_type", "is missing; expected \"hgrn_bit\".");
            Validate(config, path);
            return config;
        }
    }

    /// <summary>A field of transformers' base config: accepted at any value that leaves a decoder-only model as it is.</summary>
    private static HgrnBitConfig CheckBaseField(HgrnBitConfig config, JsonElement v, string name, string path)
    {
        bool changesTheModel = name switch
        {
            "is_encoder_decoder" or "add_cross_attention" or "tie_encoder_decoder" => v.ValueKind == JsonValueKind.True,
            "pruned_heads" => v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Any() : v.ValueKind is not JsonValueKind.Null,
            "per_layer_config" => v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object) || (v.ValueKind == JsonValueKind.Object && v.EnumerateObject().Any()),
            _ => false,
        };
        if (changesTheModel)
            throw new ModelFormatException(path, name, $"is {v.GetRawText()}; that changes the model's layers, and EdgeMmf implements the published decoder-only HGRN-Bit checkpoints as they are.");
        return config;
    }

    private static HgrnBitConfig Unknown(HgrnBitConfig config, string name, string path, HfConfigPolicy policy)
    {
        if (policy.Strict)
            throw new ModelFormatException(path, name,
                "is not a field EdgeMmf knows for hgrn_bit models, so it cannot tell whether it changes the math (--strict-config refuses such fields). " +
                "If the checkpoint was made by a newer mmfreelm, please report it; if the field is harmless, remove it from config.json.");
        policy.Warn?.Invoke($"{path}: {name}: is not a field EdgeMmf knows for hgrn_bit models; ignoring it (--strict-config refuses such fields).");
        return config;
    }

    /// <summary>Refuses variants whose math EdgeMmf does not implement (docs/model-spec.md "config.json").</summary>
    public static void Validate(HgrnBitConfig c, string path)
    {
        if (c.UseShortConv)
            throw new ModelFormatException(path, "use_short_conv", "is true; EdgeMmf implements the published checkpoints, which use no short convolution.");
        if (c.RecurrentWidth % c.NumHeads != 0)
            throw new ModelFormatException(path, "num_heads", $"{c.NumHeads} does not divide the recurrence width {c.RecurrentWidth}.");
        if (c.UseLowerBound && c.ExpandRatio != 1)
            throw new ModelFormatException(path, "expand_ratio", $"is {c.ExpandRatio}; with use_lower_bound the reference requires 1 (the [L, H] bounds gate a D-wide state).");
        if (c.HiddenAct is not ("swish" or "silu"))
            throw new ModelFormatException(path, "hidden_act", $"is \"{c.HiddenAct}\"; only swish (silu) is implemented.");
        if (c.AttnMode is not ("fused_recurrent" or "chunk" or "fused_chunk"))
            throw new ModelFormatException(path, "attn_mode", $"is \"{c.AttnMode}\"; expected fused_recurrent, chunk or fused_chunk (all compute the same recurrence).");
        if (c.BosTokenId >= c.VocabSize || c.EosTokenId >= c.VocabSize)
            throw new ModelFormatException(path, "bos_token_id/eos_token_id", $"must be below vocab_size {c.VocabSize}.");
        if ((long)c.VocabSize * c.HiddenSize > int.MaxValue || (long)c.IntermediateSize * 2 * c.HiddenSize > int.MaxValue * 4L)
            throw new ModelFormatException(path, null, "the model's dimensions are larger than EdgeMmf supports.");
    }

    private static HgrnBitConfig SetModelType(out string modelType, JsonElement v, string path, HgrnBitConfig config)
    {
        modelType = String(v, "model_type", path);
        if (modelType != "hgrn_bit")
            throw new ModelFormatException(path, "model_type", $"is \"{modelType}\"; EdgeMmf runs MatMul-free LM checkpoints (\"hgrn_bit\").");
        return config;
    }

    private static int PositiveInt(JsonElement v, string name, string path)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int value) || value <= 0)
            throw new ModelFormatException(path, name, $"must be a positive integer, found {v.GetRawText()}.");
        return value;
    }

    private static int TokenId(JsonElement v, string name, string path)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int value) || value < 0)
            throw new ModelFormatException(path, name, $"must be a non-negative integer, found {v.GetRawText()}.");
        return value;
    }

    private static float PositiveFloat(JsonElement v, string name, string path)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double value) || !(value > 0) || double.IsInfinity(value))
            throw new ModelFormatException(path, name, $"must be a positive number, found {v.GetRawText()}.");
        return (float)value;
    }

    private static bool Bool(JsonElement v, string name, string path) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ModelFormatException(path, name, $"must be true or false, found {v.GetRawText()}."),
    };

    private static string String(JsonElement v, string name, string path) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ModelFormatException(path, name, $"must be a string, found {v.GetRawText()}.");
}

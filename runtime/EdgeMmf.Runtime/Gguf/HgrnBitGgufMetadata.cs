using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Reads the model config and the tokenizer back out of a GGUF header (the keys <see cref="HgrnBitGgufLayout"/>
/// writes), with the same checks as config.json (<see cref="HfConfigReader.Validate"/>). Missing keys, wrong
/// value types and out-of-range values are <see cref="ModelFormatException"/>s naming the key.
/// </summary>
public static class HgrnBitGgufMetadata
{
    /// <summary>The config the header of <paramref name="path"/> declares, checked as config.json is.</summary>
    public static HgrnBitConfig ReadConfig(GgufContents g, string path)
    {
        string architecture = String(g, HgrnBitGgufKeys.GeneralArchitecture, path);
        if (architecture != HgrnBitGgufKeys.Architecture)
            throw new ModelFormatException(path, HgrnBitGgufKeys.GeneralArchitecture,
                $"is \"{architecture}\"; EdgeMmf runs MatMul-free LM models (\"{HgrnBitGgufKeys.Architecture}\").");
        long formatVersion = Integer(g, HgrnBitGgufKeys.FormatVersion, path, 0, uint.MaxValue);
        if (formatVersion != HgrnBitGgufKeys.CurrentFormatVersion)
            throw new ModelFormatException(path, HgrnBitGgufKeys.FormatVersion,
                $"is {formatVersion}; this EdgeMmf reads layout version {HgrnBitGgufKeys.CurrentFormatVersion}. Convert the checkpoint again with this build's 'edgemmf convert'.");

        int hidden = PositiveInt(g, HgrnBitGgufKeys.EmbeddingLength, path);
        int hiddenRatio = PositiveInt(g, HgrnBitGgufKeys.HiddenRatio, path);
        int intermediate = PositiveInt(g, HgrnBitGgufKeys.FeedForwardLength, path);
        var config = new HgrnBitConfig
        {
            VocabSize = PositiveInt(g, HgrnBitGgufKeys.VocabSize, path),
            HiddenSize = hidden,
            NumHiddenLayers = PositiveInt(g, HgrnBitGgufKeys.BlockCount, path),
            NumHeads = PositiveInt(g, HgrnBitGgufKeys.NumHeads, path),
            ExpandRatio = PositiveInt(g, HgrnBitGgufKeys.ExpandRatio, path),
            HiddenRatio = hiddenRatio,
            UseLowerBound = Bool(g, HgrnBitGgufKeys.UseLowerBound, path),
            RmsNormEps = PositiveFloat(g, HgrnBitGgufKeys.RmsNormEps, path),
            UseShortConv = Bool(g, HgrnBitGgufKeys.UseShortConv, path),
            TieWordEmbeddings = Bool(g, HgrnBitGgufKeys.TieWordEmbeddings, path),
            BosTokenId = (int)Integer(g, HgrnBitGgufKeys.BosTokenId, path, 0, int.MaxValue),
            EosTokenId = (int)Integer(g, HgrnBitGgufKeys.EosTokenId, path, 0, int.MaxValue),
            AttnMode = String(g, HgrnBitGgufKeys.AttnMode, path),
            HiddenAct = String(g, HgrnBitGgufKeys.HiddenAct, path),
        };
        // The file always states I; keep "derived" when it is what the rounding rule gives, as config.json's null does.
        if (config.IntermediateSize != intermediate) config = config with { IntermediateSizeOverride = intermediate };
        HfConfigReader.Validate(config, path);
        return config;
    }

    /// <summary>The embedded vocabulary, or null when the file has none (no tokenizer.ggml.model key).</summary>
    public static GgufTokenizerData? ReadTokenizer(GgufContents g, string path)
    {
        if (!g.TryGetValue(HgrnBitGgufKeys.TokenizerModel, out _)) return null;
        string model = String(g, HgrnBitGgufKeys.TokenizerModel, path);
        if (model != GgufTokenizerData.LlamaModel)
            throw new ModelFormatException(path, HgrnBitGgufKeys.TokenizerModel, $"is \"{model}\"; EdgeMmf reads SentencePiece vocabularies (\"llama\").");
        string[] pieces = Array<string[]>(g, HgrnBitGgufKeys.TokenizerTokens, GgufValueType.String, path);
        float[] scores = Array<float[]>(g, HgrnBitGgufKeys.TokenizerScores, GgufValueType.Float32, path);
        int[] types = Array<int[]>(g, HgrnBitGgufKeys.TokenizerTokenType, GgufValueType.Int32, path);
        int? padding = g.TryGetValue(HgrnBitGgufKeys.TokenizerPaddingId, out _)
            ? (int)Integer(g, HgrnBitGgufKeys.TokenizerPaddingId, path, 0, int.MaxValue) : null;
        var data = new GgufTokenizerData(pieces, scores, types,
            (int)Integer(g, HgrnBitGgufKeys.TokenizerBosId, path, 0, int.MaxValue),
            (int)Integer(g, HgrnBitGgufKeys.TokenizerEosId, path, 0, int.MaxValue),
            (int)Integer(g, HgrnBitGgufKeys.TokenizerUnknownId, path, 0, int.MaxValue),
            padding,
            Bool(g, HgrnBitGgufKeys.TokenizerAddBos, path),
            Bool(g, HgrnBitGgufKeys.TokenizerAddEos, path));
        long vocab = Integer(g, HgrnBitGgufKeys.VocabSize, path, 1, int.MaxValue);
        try { data.Validate((int)vocab); }
        catch (ArgumentException e) { throw new ModelFormatException(path, HgrnBitGgufKeys.TokenizerTokens, e.Message, e); }
        return data;
    }

    private static GgufValue Require(GgufContents g, string key, string path) =>
        g.TryGetValue(key, out GgufValue value) ? value
            : throw new ModelFormatException(path, key, "metadata key is missing; the file was not written by 'edgemmf convert' or is damaged.");

    private static long Integer(GgufContents g, string key, string path, long min, long max)
    {
        GgufValue value = Require(g, key, path);
        if (!value.TryGetInteger(out long v))
            throw new ModelFormatException(path, key, $"must be an integer, found a {value.Type}.");
        if (v < min || v > max)
            throw new ModelFormatException(path, key, $"is {v}; it must be between {min} and {max}.");
        return v;
    }

    private static int PositiveInt(GgufContents g, string key, string path) => (int)Integer(g, key, path, 1, int.MaxValue);

    private static bool Bool(GgufContents g, string key, string path)
    {
        GgufValue value = Require(g, key, path);
        return value.TryGet(out bool b) ? b : throw new ModelFormatException(path, key, $"must be a bool, found a {value.Type}.");
    }

    private static float PositiveFloat(GgufContents g, string key, string path)
    {
        GgufValue value = Require(g, key, path);
        if (!value.TryGet(out float f))
            throw new ModelFormatException(path, key, $"must be a float32, found a {value.Type}.");
        if (!(f > 0) || float.IsInfinity(f))
            throw new ModelFormatException(path, key, $"is {f}; it must be a positive finite number.");
        return f;
    }

    private static string String(GgufContents g, string key, string path)
    {
        GgufValue value = Require(g, key, path);
        return value.TryGet(out string? s) ? s! : throw new ModelFormatException(path, key, $"must be a string, found a {value.Type}.");
    }

    private static T Array<T>(GgufContents g, string key, GgufValueType elementType, string path) where T : class
    {
        GgufValue value = Require(g, key, path);
        if (value.Type != GgufValueType.Array || value.ElementType != elementType || value.Raw is not T array)
            throw new ModelFormatException(path, key, $"must be an array of {elementType}, found {value}.");
        return array;
    }
}

using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The vocabulary of a checkpoint directory's own tokenizer files (tokenizer.json or tokenizer.model with
/// tokenizer_config.json), as the arrays GGUF embeds; null when the directory has no tokenizer.
/// </summary>
public sealed class CheckpointTokenizerSource : ITokenizerSource
{
    /// <summary>The one instance (the source holds no state).</summary>
    public static readonly CheckpointTokenizerSource Instance = new();

    /// <inheritdoc/>
    public GgufTokenizerData? Load(string checkpointDirectory)
    {
        if (!TokenizerFiles.Exists(checkpointDirectory)) return null;
        Tokenizer tokenizer = TokenizerFiles.Load(checkpointDirectory);
        var (pieces, scores, types) = tokenizer.ToSentencePiecePieces();
        return new GgufTokenizerData(pieces, scores, types, tokenizer.BosId, tokenizer.EosId, tokenizer.UnkId, null, tokenizer.AddBos, tokenizer.AddEos);
    }

    /// <summary>The tokenizer embedded in a GGUF file, or null when it has none.</summary>
    public static Tokenizer? FromGguf(string path)
    {
        using GgufFile file = GgufFile.Open(path);
        GgufTokenizerData? t = HgrnBitGgufMetadata.ReadTokenizer(file.Contents, path);
        return t is null ? null
            : Tokenizer.FromSentencePiecePieces(t.Pieces, t.Scores, t.TokenTypes, t.UnknownTokenId, t.BosTokenId, t.EosTokenId, t.AddBosToken, t.AddEosToken, path);
    }
}

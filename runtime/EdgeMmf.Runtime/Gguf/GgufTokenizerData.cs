namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// A SentencePiece (Llama-style) vocabulary as GGUF stores it (llama.cpp's <c>tokenizer.ggml.*</c> keys):
/// one entry per id with its piece, score and token type (1 normal, 2 unknown, 3 control, 4 user-defined,
/// 5 unused, 6 byte; llama.cpp's <c>llama_token_type</c>).
/// </summary>
public sealed record GgufTokenizerData(
    string[] Pieces, float[] Scores, int[] TokenTypes,
    int BosTokenId, int EosTokenId, int UnknownTokenId, int? PaddingTokenId,
    bool AddBosToken, bool AddEosToken)
{
    /// <summary>The only tokenizer.ggml.model EdgeMmf writes: llama.cpp's name for SentencePiece BPE.</summary>
    public const string LlamaModel = "llama";

    /// <summary>Throws <see cref="ArgumentException"/> unless the arrays agree in length and the ids are in range.</summary>
    public void Validate(int vocabSize)
    {
        if (Pieces.Length != Scores.Length || Pieces.Length != TokenTypes.Length)
            throw new ArgumentException($"tokenizer arrays disagree: {Pieces.Length} pieces, {Scores.Length} scores, {TokenTypes.Length} types.");
        if (Pieces.Length > vocabSize)
            throw new ArgumentException($"the tokenizer has {Pieces.Length} pieces but the model's vocab_size is {vocabSize}.");
        foreach (int id in new[] { BosTokenId, EosTokenId, UnknownTokenId, PaddingTokenId ?? 0 })
            if ((uint)id >= (uint)Pieces.Length)
                throw new ArgumentException($"tokenizer special id {id} is outside the {Pieces.Length}-piece vocabulary.");
    }
}

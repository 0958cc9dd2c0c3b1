using System.Text;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// The Llama-family SentencePiece BPE tokenizer the MatMul-free checkpoints ship, shaped like
/// Microsoft.ML.Tokenizers: special-token splitting, then <see cref="SentencePieceNormalizer"/>, then
/// <see cref="BpeModel"/> with byte fallback; decoding reverses it (<see cref="TokenStreamDecoder"/> streams).
/// Load one with <see cref="TokenizerFiles.Load"/>, or from a GGUF file's embedded arrays with
/// <see cref="FromSentencePiecePieces"/>.
/// </summary>
public sealed class Tokenizer : ITextTokenizer
{
    internal Tokenizer(BpeModel model, SentencePieceNormalizer normalizer, SpecialTokenSplitter specials, bool addBos, bool addEos, string source)
    {
        Model = model;
        Normalizer = normalizer;
        Specials = specials;
        AddBos = addBos;
        AddEos = addEos;
        Source = source;
    }

    public BpeModel Model { get; }
    public Vocabulary Vocabulary => Model.Vocabulary;
    public SentencePieceNormalizer Normalizer { get; }
    public SpecialTokenSplitter Specials { get; }
    public bool AddBos { get; }
    public bool AddEos { get; }
    /// <summary>The file or files it was read from, for messages.</summary>
    public string Source { get; }
    public int VocabularySize => Vocabulary.Count;
    public int BosId => Vocabulary.BosId;
    public int EosId => Vocabulary.EosId;
    public int UnkId => Vocabulary.UnkId;

    public static Tokenizer Load(string directoryOrFile) => TokenizerFiles.Load(directoryOrFile);

    /// <summary>
    /// A tokenizer from llama.cpp-style arrays (tokenizer.ggml.tokens / scores / token_type): SentencePiece
    /// BPE by score, special pieces split out of text, legacy dummy prefix.
    /// </summary>
    public static Tokenizer FromSentencePiecePieces(string[] pieces, float[] scores, int[] tokenTypes, int unkId, int bosId, int eosId,
        bool addBos, bool addEos, string source = "embedded tokenizer")
    {
        var types = new PieceType[tokenTypes.Length];
        for (int i = 0; i < types.Length; i++)
            types[i] = tokenTypes[i] is >= 1 and <= 6 ? (PieceType)tokenTypes[i] : throw new TokenizerFormatException(source, $"token {i} has unknown type {tokenTypes[i]}.");
        var vocabulary = new Vocabulary(pieces, scores, types, unkId, bosId, eosId, source);
        return new Tokenizer(BpeModel.FromScores(vocabulary), new SentencePieceNormalizer(PrefixScheme.EverySegment),
            new SpecialTokenSplitter(SpecialPieces(vocabulary)), addBos, addEos, source);
    }

    /// <summary>The pieces, scores and llama.cpp token types, e.g. for embedding in a GGUF file.</summary>
    public (string[] Pieces, float[] Scores, int[] TokenTypes) ToSentencePiecePieces()
    {
        var types = new int[Vocabulary.Count];
        for (int i = 0; i < types.Length; i++) types[i] = (int)Vocabulary.Types[i];
        return ((string[])Vocabulary.Pieces.Clone(), (float[])Vocabulary.Scores.Clone(), types);
    }

    internal static IEnumerable<(string, int)> SpecialPieces(Vocabulary v)
    {
        for (int id = 0; id < v.Count; id++)
            if (v.Types[id] is PieceType.Control or PieceType.Unknown or PieceType.UserDefined) yield return (v.Pieces[id], id);
    }

    /// <summary>Ids for <paramref name="text"/>; with <paramref name="addSpecialTokens"/>, BOS/EOS as the tokenizer config asks.</summary>
    public int[] EncodeToIds(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 2);
        if (addSpecialTokens && AddBos) ids.Add(BosId);
        var normalized = new StringBuilder();
        Specials.Split(text,
            (start, length) =>
            {
                Normalizer.Normalize(text.AsSpan(start, length), start == 0, normalized);
                Model.Encode(normalized.ToString(), ids);
            },
            ids.Add);
        if (addSpecialTokens && AddEos) ids.Add(EosId);
        return ids.ToArray();
    }

    public int CountTokens(string text) => EncodeToIds(text, addSpecialTokens: false).Length;

    public string IdToPiece(int id) => (uint)id < (uint)Vocabulary.Count ? Vocabulary.Pieces[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"token id outside the {Vocabulary.Count}-piece vocabulary.");

    public int? PieceToId(string piece) => Vocabulary.TryGetId(piece, out int id) ? id : null;

    /// <summary>
    /// Text for <paramref name="ids"/>, as Hugging Face's Llama decoder gives it: '▁' to space, byte pieces
    /// assembled as UTF-8 (invalid runs become U+FFFD per byte), one leading space dropped.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
    {
        var decoder = new TokenStreamDecoder(Vocabulary, skipSpecialTokens);
        var text = new StringBuilder();
        Span<char> buffer = stackalloc char[decoder.MaxCharsPerToken];
        foreach (int id in ids) text.Append(buffer[..decoder.Append(id, buffer)]);
        text.Append(buffer[..decoder.Flush(buffer)]);
        return text.ToString();
    }

    public TokenStreamDecoder CreateStreamDecoder() => new(Vocabulary, skipSpecialTokens: true);

    int[] ITextTokenizer.Encode(string text, bool addBos)
    {
        int[] ids = EncodeToIds(text, addSpecialTokens: false);
        if (!addBos) return ids;
        var withBos = new int[ids.Length + 1];
        withBos[0] = BosId;
        ids.CopyTo(withBos, 1);
        return withBos;
    }

    ITokenTextDecoder ITextTokenizer.CreateStreamDecoder() => CreateStreamDecoder();
}

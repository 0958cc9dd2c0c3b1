using System.Buffers;
using System.Text;
using EdgeMmf.Runtime.Generation;
using Microsoft.ML.Tokenizers;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// The Llama-family SentencePiece BPE tokenizer the MatMul-free checkpoints ship, shaped like
/// Microsoft.ML.Tokenizers: special-token splitting, then <see cref="SentencePieceNormalizer"/>, then
/// <see cref="BpeModel"/> with byte fallback; decoding reverses it (<see cref="TokenStreamDecoder"/> streams).
/// Load one with <see cref="TokenizerFiles.Load"/>, or from a GGUF file's embedded arrays with
/// <see cref="FromSentencePiecePieces"/>. It is a <see cref="Microsoft.ML.Tokenizers.Tokenizer"/>, so that
/// library's API (EncodeToIds, EncodeToTokens, CountTokens, GetIndexByTokenCount, Decode) works on it from any .NET code.
/// </summary>
public sealed class Tokenizer : Microsoft.ML.Tokenizers.Tokenizer, ITextTokenizer
{
    internal Tokenizer(BpeModel model, SentencePieceNormalizer normalizer, SpecialTokenSplitter specials, bool addBos, bool addEos, string source)
    {
        Model = model;
        TextNormalizer = normalizer;
        Specials = specials;
        AddBos = addBos;
        AddEos = addEos;
        Source = source;
    }

    /// <summary>The BPE merges over the vocabulary.</summary>
    public BpeModel Model { get; }
    /// <summary>The pieces, scores, types and special ids.</summary>
    public Vocabulary Vocabulary => Model.Vocabulary;
    /// <summary>The normalizer applied to each text segment.</summary>
    public SentencePieceNormalizer TextNormalizer { get; }
    /// <summary>The special tokens matched literally in text.</summary>
    public SpecialTokenSplitter Specials { get; }
    /// <summary>Whether encoding starts with BOS (tokenizer_config.json add_bos_token).</summary>
    public bool AddBos { get; }
    /// <summary>Whether encoding ends with EOS (tokenizer_config.json add_eos_token).</summary>
    public bool AddEos { get; }
    /// <summary>The file or files it was read from, for messages.</summary>
    public string Source { get; }
    /// <summary>The number of pieces.</summary>
    public int VocabularySize => Vocabulary.Count;
    /// <summary>The beginning-of-sequence id.</summary>
    public int BosId => Vocabulary.BosId;
    /// <summary>The end-of-sequence id.</summary>
    public int EosId => Vocabulary.EosId;
    /// <summary>The unknown-piece id.</summary>
    public int UnkId => Vocabulary.UnkId;

    /// <summary>Reads the tokenizer in a checkpoint directory, or a tokenizer.json or tokenizer.model file.</summary>
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
                TextNormalizer.Normalize(text.AsSpan(start, length), start == 0, normalized);
                Model.Encode(normalized.ToString(), ids);
            },
            ids.Add);
        if (addSpecialTokens && AddEos) ids.Add(EosId);
        return ids.ToArray();
    }

    /// <summary>Microsoft.ML.Tokenizers' entry: ids without BOS/EOS, as its LlamaTokenizer gives by default, cut at MaxTokenCount.</summary>
    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        string input = text ?? textSpan.ToString();
        int[] ids = EncodeToIds(input, addSpecialTokens: false);
        if (ids.Length <= settings.MaxTokenCount)
            return new EncodeResults<int> { Tokens = ids, NormalizedText = null, CharsConsumed = input.Length };
        // Cut at a token boundary: the characters consumed are those the kept tokens decode to.
        int[] kept = ids[..settings.MaxTokenCount];
        return new EncodeResults<int> { Tokens = kept, NormalizedText = null, CharsConsumed = Math.Min(input.Length, Decode(kept, skipSpecialTokens: false).Length) };
    }

    /// <summary>
    /// Tokens with their piece and the span of the input they decode to: offsets come from streaming the ids back
    /// through <see cref="TokenStreamDecoder"/>, so they are exact wherever decode(encode(text)) == text.
    /// </summary>
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        string input = text ?? textSpan.ToString();
        IReadOnlyList<int> ids = EncodeToIds(input, textSpan, settings).Tokens;
        var tokens = new List<EncodedToken>(ids.Count);
        var decoder = new TokenStreamDecoder(Vocabulary, skipSpecialTokens: false);
        Span<char> buffer = stackalloc char[decoder.MaxCharsPerToken];
        int start = 0;
        foreach (int id in ids)
        {
            int end = Math.Min(input.Length, start + decoder.Append(id, buffer));
            tokens.Add(new EncodedToken(id, Vocabulary.Pieces[id], new Range(start, end)));
            start = end;
        }
        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = input.Length };
    }

    /// <inheritdoc/>
    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings) =>
        EncodeToIds(text, textSpan, settings).Tokens.Count;

    /// <summary>Text for <paramref name="ids"/>, special tokens skipped.</summary>
    public override string Decode(IEnumerable<int> ids) =>
        Decode(ids is int[] array ? array : System.Runtime.InteropServices.CollectionsMarshal.AsSpan(new List<int>(ids)), skipSpecialTokens: true);

    /// <summary>Decodes into <paramref name="destination"/>, stopping before the first token whose text does not fit.</summary>
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var decoder = new TokenStreamDecoder(Vocabulary, skipSpecialTokens: true);
        Span<char> buffer = stackalloc char[decoder.MaxCharsPerToken];
        idsConsumed = 0;
        charsWritten = 0;
        foreach (int id in ids)
        {
            int n = decoder.Append(id, buffer);
            if (n > destination.Length - charsWritten) return OperationStatus.DestinationTooSmall;
            buffer[..n].CopyTo(destination[charsWritten..]);
            charsWritten += n;
            idsConsumed++;
        }
        int tail = decoder.Flush(buffer);
        if (tail > destination.Length - charsWritten) return OperationStatus.DestinationTooSmall;
        buffer[..tail].CopyTo(destination[charsWritten..]);
        charsWritten += tail;
        return OperationStatus.Done;
    }

    /// <summary>The piece of <paramref name="id"/>, as the vocabulary spells it.</summary>
    public string IdToPiece(int id) => (uint)id < (uint)Vocabulary.Count ? Vocabulary.Pieces[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"token id outside the {Vocabulary.Count}-piece vocabulary.");

    /// <summary>The id of <paramref name="piece"/>, or null when the vocabulary has no such piece.</summary>
    public int? PieceToId(string piece) => Vocabulary.TryGetId(piece, out int id) ? id : null;

    /// <summary>
    /// Text for <paramref name="ids"/>, as Hugging Face's Llama decoder gives it: '▁' to space, byte pieces
    /// assembled as UTF-8 (invalid runs become U+FFFD per byte), one leading space dropped.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens)
    {
        var decoder = new TokenStreamDecoder(Vocabulary, skipSpecialTokens);
        var text = new StringBuilder();
        Span<char> buffer = stackalloc char[decoder.MaxCharsPerToken];
        foreach (int id in ids) text.Append(buffer[..decoder.Append(id, buffer)]);
        text.Append(buffer[..decoder.Flush(buffer)]);
        return text.ToString();
    }

    /// <summary>A fresh streaming decoder that skips special tokens.</summary>
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

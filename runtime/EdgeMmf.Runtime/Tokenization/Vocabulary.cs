namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// The pieces of a SentencePiece-style vocabulary with their scores and types, the special ids, and
/// the byte-fallback pieces <c>&lt;0x00&gt;</c>..<c>&lt;0xFF&gt;</c>. Lookups by text never allocate.
/// </summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Checks and indexes the pieces; <paramref name="source"/> names the file in errors.</summary>
    public Vocabulary(string[] pieces, float[] scores, PieceType[] types, int unkId, int bosId, int eosId, string source)
    {
        if (pieces.Length == 0) throw new TokenizerFormatException(source, "the vocabulary is empty.");
        if (scores.Length != pieces.Length || types.Length != pieces.Length)
            throw new TokenizerFormatException(source, $"{pieces.Length} pieces but {scores.Length} scores and {types.Length} types.");
        Pieces = pieces;
        Scores = scores;
        Types = types;
        _ids = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        for (int id = 0; id < pieces.Length; id++)
        {
            // SentencePiece refuses a model that defines a piece twice; a second id could never be produced by encoding.
            if (pieces[id] is null) throw new TokenizerFormatException(source, $"piece {id} has no text.");
            if (!_ids.TryAdd(pieces[id], id))
                throw new TokenizerFormatException(source, $"piece \"{pieces[id]}\" appears twice in the vocabulary (ids {_ids[pieces[id]]} and {id}); pieces must be unique.");
            // A NaN score makes merge order depend on comparison order: the same text would tokenize differently.
            if (!float.IsFinite(scores[id]))
                throw new TokenizerFormatException(source, $"the score of piece {id} (\"{pieces[id]}\") is {scores[id]}; scores must be finite.");
        }
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach ((string name, int id) in new[] { ("unk", unkId), ("bos", bosId), ("eos", eosId) })
            if (id < 0 || id >= pieces.Length) throw new TokenizerFormatException(source, $"the {name} id {id} is outside the {pieces.Length}-piece vocabulary.");
        UnkId = unkId;
        BosId = bosId;
        EosId = eosId;
        ByteIds = ReadBytePieces(pieces, types, source);
        ByteOf = new short[pieces.Length];
        Array.Fill(ByteOf, (short)-1);
        for (int b = 0; b < 256; b++)
            if (ByteIds[b] >= 0) ByteOf[ByteIds[b]] = (short)b;
        Source = source;
    }

    /// <summary>
    /// The id of each byte piece. A vocabulary with any byte piece (typed Byte, or spelled <c>&lt;0xXX&gt;</c>)
    /// falls back to bytes, so it must have exactly one well-formed piece for each of the 256 bytes; otherwise
    /// text needing the missing byte would fail halfway through its output.
    /// </summary>
    private static int[] ReadBytePieces(string[] pieces, PieceType[] types, string source)
    {
        var ids = new int[256];
        Array.Fill(ids, -1);
        bool any = false;
        for (int id = 0; id < pieces.Length; id++)
        {
            string piece = pieces[id];
            bool spelled = piece.Length == 6 && piece.StartsWith("<0x", StringComparison.OrdinalIgnoreCase) && piece[5] == '>';
            if (types[id] != PieceType.Byte && !spelled) continue;
            any = true;
            if (!spelled || !byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out byte b))
                throw new TokenizerFormatException(source, $"byte piece {id} is \"{piece}\"; byte pieces are <0x00> to <0xFF>.");
            if (ids[b] >= 0)
                throw new TokenizerFormatException(source, $"byte 0x{b:X2} has two pieces (ids {ids[b]} and {id}); each byte needs exactly one.");
            ids[b] = id;
        }
        if (any)
            for (int b = 0; b < 256; b++)
                if (ids[b] < 0)
                    throw new TokenizerFormatException(source, $"the vocabulary has byte pieces but none for byte 0x{b:X2}; a byte-fallback vocabulary needs one piece for each of the 256 bytes.");
        return ids;
    }

    /// <summary>The piece of each id.</summary>
    public string[] Pieces { get; }
    /// <summary>The score of each id (a .model's merge priority: higher first).</summary>
    public float[] Scores { get; }
    /// <summary>The type of each id.</summary>
    public PieceType[] Types { get; }
    /// <summary>The unknown-piece id.</summary>
    public int UnkId { get; }
    /// <summary>The beginning-of-sequence id.</summary>
    public int BosId { get; }
    /// <summary>The end-of-sequence id.</summary>
    public int EosId { get; }
    /// <summary>The file or files it was read from, for messages.</summary>
    public string Source { get; }
    /// <summary>Id of <c>&lt;0xXX&gt;</c> for each byte, or -1.</summary>
    public int[] ByteIds { get; }
    /// <summary>The byte an id stands for, or -1 when it is not a byte piece.</summary>
    public short[] ByteOf { get; }
    /// <summary>True when every byte has a byte piece.</summary>
    public bool HasByteFallback => ByteIds[0] >= 0 && ByteIds[255] >= 0;
    /// <summary>The number of pieces.</summary>
    public int Count => Pieces.Length;

    /// <summary>The id of <paramref name="piece"/>, without allocating.</summary>
    public bool TryGetId(ReadOnlySpan<char> piece, out int id) => _lookup.TryGetValue(piece, out id);

    /// <summary>Control and unknown pieces are not text: decoding skips them.</summary>
    public bool IsSpecial(int id) => Types[id] is PieceType.Control or PieceType.Unknown;
}

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// The pieces of a SentencePiece-style vocabulary with their scores and types, the special ids, and
/// the byte-fallback pieces <c>&lt;0x00&gt;</c>..<c>&lt;0xFF&gt;</c>. Lookups by text never allocate.
/// </summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Vocabulary(string[] pieces, float[] scores, PieceType[] types, int unkId, int bosId, int eosId, string source)
    {
        if (pieces.Length == 0) throw new TokenizerFormatException(source, "the vocabulary is empty.");
        if (scores.Length != pieces.Length || types.Length != pieces.Length)
            throw new TokenizerFormatException(source, $"{pieces.Length} pieces but {scores.Length} scores and {types.Length} types.");
        Pieces = pieces;
        Scores = scores;
        Types = types;
        _ids = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        for (int id = 0; id < pieces.Length; id++) _ids.TryAdd(pieces[id], id);   // first id wins, as SentencePiece
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach ((string name, int id) in new[] { ("unk", unkId), ("bos", bosId), ("eos", eosId) })
            if (id >= pieces.Length) throw new TokenizerFormatException(source, $"the {name} id {id} is outside the {pieces.Length}-piece vocabulary.");
        UnkId = unkId;
        BosId = bosId;
        EosId = eosId;
        ByteIds = new int[256];
        Array.Fill(ByteIds, -1);
        for (int b = 0; b < 256; b++)
            if (TryGetId($"<0x{b:X2}>", out int id)) ByteIds[b] = id;
        ByteOf = new short[pieces.Length];
        Array.Fill(ByteOf, (short)-1);
        for (int b = 0; b < 256; b++)
            if (ByteIds[b] >= 0) ByteOf[ByteIds[b]] = (short)b;
        Source = source;
    }

    public string[] Pieces { get; }
    public float[] Scores { get; }
    public PieceType[] Types { get; }
    public int UnkId { get; }
    public int BosId { get; }
    public int EosId { get; }
    public string Source { get; }
    /// <summary>Id of <c>&lt;0xXX&gt;</c> for each byte, or -1.</summary>
    public int[] ByteIds { get; }
    /// <summary>The byte an id stands for, or -1 when it is not a byte piece.</summary>
    public short[] ByteOf { get; }
    public bool HasByteFallback => ByteIds[0] >= 0 && ByteIds[255] >= 0;
    public int Count => Pieces.Length;

    public bool TryGetId(ReadOnlySpan<char> piece, out int id) => _lookup.TryGetValue(piece, out id);

    /// <summary>Control and unknown pieces are not text: decoding skips them.</summary>
    public bool IsSpecial(int id) => Types[id] is PieceType.Control or PieceType.Unknown;
}

using System.Text;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// SentencePiece-style BPE with byte fallback: start from single characters, repeatedly merge the adjacent
/// pair with the best priority (leftmost on ties), then spell any character outside the vocabulary as its
/// UTF-8 bytes (<c>&lt;0xXX&gt;</c>). The priority is what differs between the two file formats:
/// a SentencePiece <c>.model</c> merges the pair whose joined piece has the highest score (bpe_model.cc);
/// a Hugging Face <c>tokenizer.json</c> merges the pair with the lowest rank in its merges list.
/// </summary>
public sealed class BpeModel
{
    /// <summary>Pair (left id, right id) -> (priority, lower is merged first; merged id).</summary>
    private readonly Dictionary<long, (double Priority, int Merged)> _pairs;

    private BpeModel(Vocabulary vocabulary, Dictionary<long, (double, int)> pairs)
    {
        Vocabulary = vocabulary;
        _pairs = pairs;
        _splitAtWords = true;
        foreach (string piece in vocabulary.Pieces)
            for (int k = 1; k < piece.Length; k++)
                if (piece[k] == SentencePieceNormalizer.SpaceMarker && piece[k - 1] != SentencePieceNormalizer.SpaceMarker) { _splitAtWords = false; break; }
    }

    /// <summary>
    /// True when no piece has '▁' after another character (SentencePiece's split_by_whitespace, Llama's
    /// setting): then no merge can cross the start of a word, and words are encoded one at a time, which
    /// keeps the merge queue small. Otherwise the whole segment is one word.
    /// </summary>
    private readonly bool _splitAtWords;

    /// <summary>The pieces, scores and special ids the merges work on.</summary>
    public Vocabulary Vocabulary { get; }
    /// <summary>The number of mergeable pairs (from the merges list, or from the piece scores).</summary>
    public int MergeCount => _pairs.Count;

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>SentencePiece BPE: a pair merges when the joined text is a normal piece; its score decides.</summary>
    public static BpeModel FromScores(Vocabulary v)
    {
        var pairs = new Dictionary<long, (double, int)>();
        for (int id = 0; id < v.Count; id++)
        {
            if (v.Types[id] is not (PieceType.Normal or PieceType.UserDefined)) continue;
            string piece = v.Pieces[id];
            for (int split = 1; split < piece.Length; split++)
            {
                if (char.IsLowSurrogate(piece[split])) continue;
                if (v.TryGetId(piece.AsSpan(0, split), out int left) && v.TryGetId(piece.AsSpan(split), out int right))
                    pairs.TryAdd(Key(left, right), (-v.Scores[id], id));
            }
        }
        return new BpeModel(v, pairs);
    }

    /// <summary>Hugging Face BPE: the merges list in priority order; each joined piece must be in the vocabulary.</summary>
    public static BpeModel FromMerges(Vocabulary v, IReadOnlyList<(string Left, string Right)> merges)
    {
        var pairs = new Dictionary<long, (double, int)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!v.TryGetId(left, out int l) || !v.TryGetId(right, out int r))
                throw new TokenizerFormatException(v.Source, $"merge {rank} (\"{left} {right}\") names a piece that is not in the vocabulary.");
            if (!v.TryGetId(string.Concat(left, right), out int merged))
                throw new TokenizerFormatException(v.Source, $"merge {rank} (\"{left} {right}\") makes \"{left}{right}\", which is not in the vocabulary.");
            pairs.TryAdd(Key(l, r), (rank, merged));
        }
        return new BpeModel(v, pairs);
    }

    /// <summary>Appends the ids of one normalized text segment (spaces already '▁') to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> output)
    {
        if (!_splitAtWords)
        {
            EncodeWord(text, output);
            return;
        }
        int start = 0;
        for (int i = 1; i < text.Length; i++)
        {
            if (text[i] != SentencePieceNormalizer.SpaceMarker || text[i - 1] == SentencePieceNormalizer.SpaceMarker) continue;
            EncodeWord(text[start..i], output);
            start = i;
        }
        EncodeWord(text[start..], output);
    }

    private void EncodeWord(ReadOnlySpan<char> text, List<int> output)
    {
        if (text.IsEmpty) return;
        int n = 0;
        var ids = new int[text.Length];
        var starts = new int[text.Length];
        var lengths = new int[text.Length];
        for (int i = 0; i < text.Length;)
        {
            int width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            ids[n] = Vocabulary.TryGetId(text.Slice(i, width), out int id) ? id : -1;
            starts[n] = i;
            lengths[n] = width;
            n++;
            i += width;
        }
        var prev = new int[n];
        var next = new int[n];
        for (int k = 0; k < n; k++) { prev[k] = k - 1; next[k] = k + 1 < n ? k + 1 : -1; }

        var queue = new PriorityQueue<(int Left, int LeftId, int RightId, int Merged), (double Priority, int Start)>();
        void Offer(int left)
        {
            if (left < 0) return;
            int right = next[left];
            if (right < 0 || ids[left] < 0 || ids[right] < 0) return;
            if (_pairs.TryGetValue(Key(ids[left], ids[right]), out var m))
                queue.Enqueue((left, ids[left], ids[right], m.Merged), (m.Priority, starts[left]));
        }
        for (int k = 0; k + 1 < n; k++) Offer(k);
        while (queue.TryDequeue(out var c, out _))
        {
            int right = next[c.Left];
            if (lengths[c.Left] == 0 || right < 0 || ids[c.Left] != c.LeftId || ids[right] != c.RightId) continue;   // stale
            ids[c.Left] = c.Merged;
            lengths[c.Left] += lengths[right];
            lengths[right] = 0;
            next[c.Left] = next[right];
            if (next[right] >= 0) prev[next[right]] = c.Left;
            Offer(prev[c.Left]);
            Offer(c.Left);
        }

        Span<byte> utf8 = stackalloc byte[4];
        for (int k = 0; k >= 0 && k < n; k = next[k])
        {
            if (ids[k] >= 0) { output.Add(ids[k]); continue; }
            if (Vocabulary.HasByteFallback)
            {
                int count = Encoding.UTF8.GetBytes(text.Slice(starts[k], lengths[k]), utf8);
                for (int b = 0; b < count; b++) output.Add(Vocabulary.ByteIds[utf8[b]]);
            }
            else if (output.Count == 0 || output[^1] != Vocabulary.UnkId) output.Add(Vocabulary.UnkId);   // consecutive unknowns fuse
        }
    }
}

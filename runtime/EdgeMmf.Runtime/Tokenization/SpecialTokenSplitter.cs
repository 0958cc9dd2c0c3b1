namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Finds special tokens (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;unk&gt;</c>, added tokens) written literally in
/// the text, as Hugging Face tokenizers do before normalizing: the text between them is encoded as usual,
/// the tokens themselves become their ids. The longest match wins at each position.
/// </summary>
public sealed class SpecialTokenSplitter
{
    private readonly (string Text, int Id)[] _tokens;

    /// <summary>A splitter for <paramref name="tokens"/> (empty texts are ignored).</summary>
    public SpecialTokenSplitter(IEnumerable<(string Text, int Id)> tokens)
    {
        var list = new List<(string, int)>();
        foreach (var t in tokens) if (!string.IsNullOrEmpty(t.Text)) list.Add(t);
        list.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        _tokens = list.ToArray();
    }

    /// <summary>The tokens matched, longest text first.</summary>
    public IReadOnlyList<(string Text, int Id)> Tokens => _tokens;

    /// <summary>Calls <paramref name="onText"/> for each plain segment (with its start offset) and <paramref name="onSpecial"/> for each match.</summary>
    public void Split(string text, Action<int, int> onText, Action<int> onSpecial)
    {
        int segmentStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '<' && !StartsAny(text[i])) continue;
            foreach (var (token, id) in _tokens)
            {
                if (string.CompareOrdinal(text, i, token, 0, token.Length) != 0) continue;
                if (i > segmentStart) onText(segmentStart, i - segmentStart);
                onSpecial(id);
                i += token.Length - 1;
                segmentStart = i + 1;
                break;
            }
        }
        if (segmentStart < text.Length) onText(segmentStart, text.Length - segmentStart);
    }

    private bool StartsAny(char c)
    {
        foreach (var (token, _) in _tokens) if (token[0] == c) return true;
        return false;
    }
}

using System.Text;

namespace EdgeMmf.Runtime.Speech;

/// <summary>
/// Cuts streamed text into sentences as soon as each one is complete, so speech can start while the
/// model is still generating. A sentence ends at '.', '!', '?' or ';' followed by white space, or at a
/// line break; "3.14" and "e.g.x" do not end one. Whatever remains at the end is the last sentence.
/// </summary>
public sealed class SentenceSplitter
{
    private readonly StringBuilder _current = new();
    private bool _afterTerminator;

    /// <summary>Adds text; returns each sentence it completes (trimmed, never empty).</summary>
    public void Push(ReadOnlySpan<char> text, Action<string> onSentence)
    {
        foreach (char ch in text)
        {
            if (ch == '\n')
            {
                Emit(onSentence);
                continue;
            }
            if (_afterTerminator && char.IsWhiteSpace(ch))
            {
                Emit(onSentence);
                continue;
            }
            _afterTerminator = ch is '.' or '!' or '?' or ';';
            _current.Append(ch);
        }
    }

    /// <summary>Ends the stream: the unfinished rest, if any, is a sentence too.</summary>
    public void Flush(Action<string> onSentence) => Emit(onSentence);

    private void Emit(Action<string> onSentence)
    {
        _afterTerminator = false;
        string sentence = _current.ToString().Trim();
        _current.Clear();
        if (sentence.Length > 0) onSentence(sentence);
    }
}

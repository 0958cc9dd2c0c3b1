using System.Text;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Turns ids into text one at a time for streaming: text is released as soon as it is complete, a UTF-8
/// character spelled by several byte pieces is held until its last byte, and the dummy-prefix space of
/// the first piece is dropped (HF decoder Strip(start=1)). Allocation-free after construction.
/// Concatenating every <see cref="Append"/> and the final <see cref="Flush"/> equals <see cref="Tokenizer.Decode(ReadOnlySpan{int}, bool)"/>.
/// </summary>
public sealed class TokenStreamDecoder : ITokenTextDecoder
{
    private readonly Vocabulary _vocabulary;
    private readonly bool _skipSpecial;
    private readonly byte[] _pending = new byte[4];
    private int _pendingCount;
    private bool _atStart = true;

    /// <summary>A decoder over <paramref name="vocabulary"/>; with <paramref name="skipSpecialTokens"/>, control and unknown pieces produce no text.</summary>
    public TokenStreamDecoder(Vocabulary vocabulary, bool skipSpecialTokens)
    {
        _vocabulary = vocabulary;
        _skipSpecial = skipSpecialTokens;
        int longest = 4;
        foreach (string piece in vocabulary.Pieces) longest = Math.Max(longest, piece.Length);
        MaxCharsPerToken = longest + 8;   // a piece, plus U+FFFD for up to four held bytes
    }

    /// <inheritdoc/>
    public int MaxCharsPerToken { get; }

    /// <inheritdoc/>
    public void Reset(bool startOfText = true)
    {
        _pendingCount = 0;
        _atStart = startOfText;
    }

    /// <inheritdoc/>
    public int Append(int tokenId, Span<char> destination)
    {
        if ((uint)tokenId >= (uint)_vocabulary.Count) return 0;
        int written = 0;
        int b = _vocabulary.ByteOf[tokenId];
        if (b >= 0)
        {
            if (_pendingCount == 4 || (_pendingCount > 0 && !IsContinuation(b)) || (_pendingCount == 0 && IsContinuation(b)))
                written += FlushInvalid(destination);               // the held bytes can no longer form a character
            if (IsContinuation(b) && _pendingCount == 0)
            {
                written += Emit("\uFFFD", destination[written..]);
                return written;
            }
            _pending[_pendingCount++] = (byte)b;
            if (_pendingCount == SequenceLength(_pending[0]))
            {
                Span<char> chars = stackalloc char[2];
                var decoder = Encoding.UTF8;
                int n;
                try { n = decoder.GetChars(_pending.AsSpan(0, _pendingCount), chars); }
                catch (ArgumentException) { return written + FlushInvalid(destination[written..]); }
                _pendingCount = 0;
                written += Emit(chars[..n], destination[written..]);
            }
            else if (SequenceLength(_pending[0]) == 0)
            {
                written += FlushInvalid(destination[written..]);
            }
            return written;
        }

        written += FlushInvalid(destination);
        if (_skipSpecial && _vocabulary.IsSpecial(tokenId)) return written;
        string piece = _vocabulary.Pieces[tokenId];
        Span<char> text = destination[written..];
        int count = 0;
        foreach (char c in piece) text[count++] = c == SentencePieceNormalizer.SpaceMarker ? ' ' : c;
        return written + Emit(text[..count], text, alreadyInPlace: true);
    }

    /// <inheritdoc/>
    public int Flush(Span<char> destination) => FlushInvalid(destination);

    /// <summary>Held bytes that never completed a character: one U+FFFD each, as HF's ByteFallback decoder.</summary>
    private int FlushInvalid(Span<char> destination)
    {
        int count = 0;
        for (int k = 0; k < _pendingCount; k++) count += Emit("\uFFFD", destination[count..]);
        _pendingCount = 0;
        return count;
    }

    /// <summary>Copies text out, dropping a single leading space at the very start of the stream.</summary>
    private int Emit(ReadOnlySpan<char> text, Span<char> destination, bool alreadyInPlace = false)
    {
        if (text.IsEmpty) return 0;
        if (_atStart)
        {
            _atStart = false;
            if (text[0] == ' ')
            {
                text = text[1..];
                if (alreadyInPlace) { text.CopyTo(destination); return text.Length; }
            }
        }
        if (!alreadyInPlace) text.CopyTo(destination);
        return text.Length;
    }

    private static bool IsContinuation(int b) => (b & 0xC0) == 0x80;

    private static int SequenceLength(byte lead) => lead switch
    {
        < 0x80 => 1,
        >= 0xC2 and < 0xE0 => 2,
        >= 0xE0 and < 0xF0 => 3,
        >= 0xF0 and < 0xF5 => 4,
        _ => 0,
    };
}

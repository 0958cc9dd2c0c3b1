namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// Streaming id-to-text: what generation needs from a tokenizer. Text comes out as soon as it is
/// complete (a UTF-8 character split across byte-fallback tokens is held back until whole).
/// Implementations must not allocate per token.
/// </summary>
public interface ITokenTextDecoder
{
    /// <summary>Longest text one <see cref="Append"/> can produce (the caller sizes its buffer by it).</summary>
    int MaxCharsPerToken { get; }

    /// <summary>
    /// Starts a new stream. With <paramref name="startOfText"/> the next token begins the text, so its
    /// dummy-prefix space is dropped; a continuation after a prompt keeps it ("the committee" + " will").
    /// </summary>
    void Reset(bool startOfText = true);

    /// <summary>Adds a token; writes the text it completes into <paramref name="destination"/>, returns the char count.</summary>
    int Append(int tokenId, Span<char> destination);

    /// <summary>Writes whatever is still held back (an incomplete character becomes U+FFFD).</summary>
    int Flush(Span<char> destination);
}

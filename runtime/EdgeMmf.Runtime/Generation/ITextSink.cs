namespace EdgeMmf.Runtime.Generation;

/// <summary>Where generated text streams to, piece by piece, as soon as each piece is final.</summary>
public interface ITextSink
{
    /// <summary>Takes the next piece of text; it is final.</summary>
    void Write(ReadOnlySpan<char> text);
}

/// <summary>Streams into a <see cref="TextWriter"/> (stdout), flushing each piece so it appears at once.</summary>
public sealed class TextWriterSink(TextWriter writer) : ITextSink
{
    /// <inheritdoc/>
    public void Write(ReadOnlySpan<char> text)
    {
        writer.Write(text);
        writer.Flush();
    }
}

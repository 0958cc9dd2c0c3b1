using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Cli.Commands;

/// <summary>Campaigns measure tokens, not text: no tokenizer needed, nothing printed.</summary>
internal sealed class DiscardedText : ITokenTextDecoder, ITextSink
{
    public static readonly DiscardedText Instance = new();
    public int MaxCharsPerToken => 0;
    public void Reset(bool startOfText = true) { }
    public int Append(int tokenId, Span<char> destination) => 0;
    public int Flush(Span<char> destination) => 0;
    public void Write(ReadOnlySpan<char> text) { }
}

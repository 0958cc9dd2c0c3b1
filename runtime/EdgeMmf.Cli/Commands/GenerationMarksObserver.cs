using EdgeMmf.Device.Energy;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// Forwards the runtime's generation marks to the device library's <see cref="IGenerationMarks"/> (the two
/// interfaces mirror each other; the device library does not reference the runtime).
/// </summary>
internal sealed class GenerationMarksObserver(IGenerationMarks marks) : IGenerationObserver
{
    public void OnPrefillStart(long timestamp, int promptTokens) => marks.OnPrefillStart(timestamp, promptTokens);
    public void OnFirstToken(long timestamp) => marks.OnFirstToken(timestamp);
    public void OnToken(long timestamp, int tokenIndex) => marks.OnToken(timestamp, tokenIndex);
    public void OnEnd(long timestamp, int generatedTokens) => marks.OnEnd(timestamp, generatedTokens);
}

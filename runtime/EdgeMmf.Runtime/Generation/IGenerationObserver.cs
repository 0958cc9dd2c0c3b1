namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// Timing marks of one generation, on the <see cref="System.Diagnostics.Stopwatch"/> clock
/// (monotonic; ticks of <see cref="System.Diagnostics.Stopwatch.Frequency"/>), so power samples
/// taken on the same clock can be split into prefill and decode phases. Called on the token loop:
/// implementations must be cheap and must not allocate.
/// </summary>
public interface IGenerationObserver
{
    void OnPrefillStart(long timestamp, int promptTokens);
    void OnFirstToken(long timestamp);
    void OnToken(long timestamp, int tokenIndex);
    void OnEnd(long timestamp, int generatedTokens);
}

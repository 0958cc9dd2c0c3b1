namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// Timing marks of one generation, on the <see cref="System.Diagnostics.Stopwatch"/> clock
/// (monotonic; ticks of <see cref="System.Diagnostics.Stopwatch.Frequency"/>), so power samples
/// taken on the same clock can be split into prefill and decode phases. Called on the token loop:
/// implementations must be cheap and must not allocate.
/// </summary>
public interface IGenerationObserver
{
    /// <summary>The prompt of <paramref name="promptTokens"/> tokens starts to be consumed.</summary>
    void OnPrefillStart(long timestamp, int promptTokens);
    /// <summary>The first token has been emitted.</summary>
    void OnFirstToken(long timestamp);
    /// <summary>Token <paramref name="tokenIndex"/> (0 is the first) has been emitted.</summary>
    void OnToken(long timestamp, int tokenIndex);
    /// <summary>The generation ended after <paramref name="generatedTokens"/> tokens.</summary>
    void OnEnd(long timestamp, int generatedTokens);
}

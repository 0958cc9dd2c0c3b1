namespace EdgeMmf.Runtime.Generation;

/// <summary>What one generation did and how fast (seconds on the Stopwatch clock).</summary>
/// <param name="PromptTokens">Tokens of the prompt, prefilled.</param>
/// <param name="GeneratedTokens">Tokens emitted.</param>
/// <param name="DecodeSteps">Forward passes after the prompt: each emitted token is fed back once.</param>
/// <param name="StopReason">Why the generation ended.</param>
/// <param name="PrefillSeconds">Time to consume the prompt.</param>
/// <param name="TimeToFirstTokenSeconds">From the start to the first emitted token.</param>
/// <param name="DecodeSeconds">From the first emitted token to the end.</param>
/// <param name="MedianTokenMilliseconds">The median per-token latency.</param>
/// <param name="P99TokenMilliseconds">The 99th percentile of per-token latency.</param>
public readonly record struct GenerationStats(
    int PromptTokens,
    int GeneratedTokens,
    int DecodeSteps,
    StopReason StopReason,
    double PrefillSeconds,
    double TimeToFirstTokenSeconds,
    double DecodeSeconds,
    double MedianTokenMilliseconds,
    double P99TokenMilliseconds)
{
    /// <summary>Prompt tokens per second of prefill.</summary>
    public double PrefillTokensPerSecond => PrefillSeconds > 0 ? PromptTokens / PrefillSeconds : 0;
    /// <summary>Decode steps per second.</summary>
    public double DecodeTokensPerSecond => DecodeSeconds > 0 ? DecodeSteps / DecodeSeconds : 0;
}

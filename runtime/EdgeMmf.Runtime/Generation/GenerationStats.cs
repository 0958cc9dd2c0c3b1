namespace EdgeMmf.Runtime.Generation;

/// <summary>What one generation did and how fast (seconds on the Stopwatch clock).</summary>
/// <param name="DecodeSteps">Forward passes after the prompt: each emitted token is fed back once.</param>
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
    public double PrefillTokensPerSecond => PrefillSeconds > 0 ? PromptTokens / PrefillSeconds : 0;
    public double DecodeTokensPerSecond => DecodeSeconds > 0 ? DecodeSteps / DecodeSeconds : 0;
}

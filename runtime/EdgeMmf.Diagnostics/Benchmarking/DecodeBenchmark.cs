using System.Diagnostics;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>One measured run: prefill a prompt, then decode greedily, timing every token.</summary>
public readonly record struct DecodeRun(
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    double MedianTokenMilliseconds,
    double P99TokenMilliseconds,
    double TimeToFirstTokenMilliseconds,
    double AllocatedBytesPerToken);

/// <summary>
/// Times the token loop the way generation runs it (batched prefill, then forward + sampling per token)
/// on any model, including a random one of a published shape. Allocation is measured process-wide,
/// so worker threads count too.
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>
    /// Prefills a random prompt of <paramref name="promptTokens"/> tokens (BOS first), then decodes
    /// <paramref name="generateTokens"/> tokens greedily, and returns the speeds, per-token latencies and allocation.
    /// </summary>
    /// <param name="forward">The forward pass to time, with its model and projector.</param>
    /// <param name="promptTokens">Prompt length in tokens (at least 1).</param>
    /// <param name="generateTokens">Tokens to decode after the prompt.</param>
    /// <param name="seed">Seed of the random prompt, so runs can be repeated.</param>
    public static DecodeRun Run(FastForward forward, int promptTokens, int generateTokens, ulong seed)
    {
        HgrnBitConfig c = forward.Model.Config;
        var random = new Xoshiro256StarStar(seed);
        var prompt = new int[Math.Max(1, promptTokens)];
        prompt[0] = c.BosTokenId;
        for (int k = 1; k < prompt.Length; k++) prompt[k] = 3 + (int)(random.NextUInt64() % (ulong)(c.VocabSize - 3));

        var state = new InferenceState(c);
        var sampler = new TokenSampler(c.VocabSize, SamplingOptions.Greedy);
        var history = new int[prompt.Length + generateTokens + 1];
        prompt.CopyTo(history, 0);
        var tokenTicks = new long[Math.Max(1, generateTokens)];

        long start = Stopwatch.GetTimestamp();
        forward.Forward(prompt, state);
        long prefillEnd = Stopwatch.GetTimestamp();
        int token = sampler.Sample(state.Logits, history.AsSpan(0, prompt.Length));
        long firstToken = Stopwatch.GetTimestamp();

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long previous = Stopwatch.GetTimestamp();
        for (int k = 0; k < generateTokens; k++)
        {
            history[prompt.Length + k] = token;
            forward.Forward(new ReadOnlySpan<int>(in token), state);
            token = sampler.Sample(state.Logits, history.AsSpan(0, prompt.Length + k + 1));
            long now = Stopwatch.GetTimestamp();
            tokenTicks[k] = now - previous;
            previous = now;
        }
        long decodeEnd = Stopwatch.GetTimestamp();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        double seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
        Span<long> sorted = tokenTicks.AsSpan(0, Math.Max(1, generateTokens));
        sorted.Sort();
        double ms = 1000.0 / Stopwatch.Frequency;
        return new DecodeRun(
            prompt.Length / seconds(prefillEnd - start),
            generateTokens / seconds(decodeEnd - firstToken),
            sorted[sorted.Length / 2] * ms,
            sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * 0.99) - 1)] * ms,
            seconds(firstToken - start) * 1000,
            generateTokens > 0 ? allocated / (double)generateTokens : 0);
    }
}

using System.Diagnostics;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// The generation loop: prefill the prompt (batched) on top of the current state, then sample, stream,
/// and feed back one token at a time until EOS, a stop string, the length limit or cancellation.
/// Every buffer is allocated up front, so after warm-up a generated token allocates nothing.
/// The state is left holding everything that was emitted, so a conversation continues from it.
/// </summary>
public sealed class TextGenerator
{
    private readonly FastForward _forward;
    private readonly InferenceState _state;
    private readonly TokenSampler _sampler;
    private readonly ITokenTextDecoder _decoder;
    private readonly int _eosId;
    private readonly char[] _text;
    private int[] _history;
    private int _historyLength;
    private long[] _tokenTicks;

    /// <summary>
    /// The most tokens one request may generate: the per-token timing buffer and the history grow with the
    /// request, so the limit keeps them at a few MiB (12 bytes a token) instead of failing deep in an allocation.
    /// A recurrent model has no context window; this is the longest reply the loop promises to hold.
    /// </summary>
    public const int MaxTokensLimit = 1 << 20;

    /// <summary>A generator over <paramref name="forward"/> that updates <paramref name="state"/>, picks with <paramref name="sampler"/> and streams through <paramref name="decoder"/>.</summary>
    public TextGenerator(FastForward forward, InferenceState state, TokenSampler sampler, ITokenTextDecoder decoder)
    {
        _forward = forward;
        _state = state;
        _sampler = sampler;
        _decoder = decoder;
        _eosId = forward.Model.Config.EosTokenId;
        _text = new char[Math.Max(16, decoder.MaxCharsPerToken)];
        _history = new int[1024];
        _tokenTicks = new long[256];
    }

    /// <summary>The buffers and the recurrent state the generations update.</summary>
    public InferenceState State => _state;

    /// <summary>Token ids consumed or emitted since the last <see cref="Reset"/> (for repetition penalties and state files).</summary>
    public ReadOnlySpan<int> History => _history.AsSpan(0, _historyLength);

    /// <summary>Starts a new conversation.</summary>
    public void Reset()
    {
        _state.Reset();
        _historyLength = 0;
    }

    /// <summary>Replaces the history (after restoring a state file).</summary>
    public void RestoreHistory(ReadOnlySpan<int> tokens)
    {
        _historyLength = 0;
        AppendHistory(tokens);
    }

    /// <summary>Prefills <paramref name="request"/>'s prompt on top of the state, then generates and streams to <paramref name="sink"/> until a stop condition.</summary>
    public GenerationStats Generate(GenerationRequest request, ITextSink sink, IGenerationObserver? observer = null, CancellationToken cancellation = default)
    {
        if (request.PromptIds.Length == 0 && _state.Recurrent.Position == 0)
            throw new ArgumentException("the prompt is empty and there is no conversation state to continue from.");
        if (request.MaxTokens is < 0 or > MaxTokensLimit)
            throw new ArgumentException($"max tokens must be between 0 and {MaxTokensLimit}, not {request.MaxTokens}.");
        EnsureCapacity(request);
        var stops = new StopStringMatcher(request.StopStrings, _text.Length);

        long start = Stopwatch.GetTimestamp();
        observer?.OnPrefillStart(start, request.PromptIds.Length);
        if (request.PromptIds.Length > 0) _forward.Forward(request.PromptIds, _state);
        AppendHistory(request.PromptIds);
        long prefillEnd = Stopwatch.GetTimestamp();

        _decoder.Reset(startOfText: _historyLength == 0);   // a continuation keeps its first token's space
        StopReason reason = StopReason.MaxTokens;
        int generated = 0, decodeSteps = 0;
        long firstToken = prefillEnd, previous = prefillEnd;
        while (generated < request.MaxTokens)
        {
            if (cancellation.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            RequireFinite(_state.Logits, generated);
            int token = _sampler.Sample(_state.Logits, History);
            long now = Stopwatch.GetTimestamp();
            if (generated == 0) { firstToken = now; observer?.OnFirstToken(now); }
            if (token == _eosId && request.StopAtEndOfSequence) { reason = StopReason.EndOfSequence; break; }

            _tokenTicks[generated] = now - previous;
            previous = now;
            generated++;
            observer?.OnToken(now, generated - 1);
            AppendHistory(new ReadOnlySpan<int>(in token));
            int chars = _decoder.Append(token, _text);
            bool stopped = stops.Push(_text.AsSpan(0, chars), sink);

            _forward.Forward(new ReadOnlySpan<int>(in token), _state);   // feed back: the state holds all emitted text
            decodeSteps++;
            if (stopped) { reason = StopReason.StopString; break; }
        }
        if (reason != StopReason.StopString)
        {
            int tail = _decoder.Flush(_text);
            if (!stops.Push(_text.AsSpan(0, tail), sink)) stops.Flush(sink);
        }
        long end = Stopwatch.GetTimestamp();
        observer?.OnEnd(end, generated);

        double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
        (double median, double p99) = Percentiles(generated);
        return new GenerationStats(request.PromptIds.Length, generated, decodeSteps, reason,
            Seconds(prefillEnd - start), Seconds(firstToken - start), Seconds(end - firstToken), median, p99);
    }

    /// <summary>Stops on a NaN or infinite logit (<see cref="FiniteLogits"/>: one vector pass, no allocation unless it fails).</summary>
    private static void RequireFinite(float[] logits, int step)
    {
        int index = FiniteLogits.IndexOfNonFinite(logits);
        if (index >= 0) throw new NonFiniteOutputException(step, index, logits[index]);
    }

    /// <summary>Median and 99th percentile of per-token latency, in milliseconds (sorts the timing buffer once, at the end).</summary>
    private (double Median, double P99) Percentiles(int count)
    {
        if (count == 0) return (0, 0);
        Span<long> ticks = _tokenTicks.AsSpan(0, count);
        ticks.Sort();
        double ms = 1000.0 / Stopwatch.Frequency;
        return (ticks[count / 2] * ms, ticks[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)] * ms);
    }

    private void EnsureCapacity(GenerationRequest request)
    {
        long needed = (long)_historyLength + request.PromptIds.Length + request.MaxTokens;
        if (needed > Array.MaxLength)
            throw new ArgumentException($"the conversation would hold {needed} tokens, more than one history can ({Array.MaxLength}); start a new one.");
        if (needed > _history.Length) Array.Resize(ref _history, (int)Math.Min(Array.MaxLength, Math.Max(needed, _history.Length * 2L)));
        if (request.MaxTokens > _tokenTicks.Length) _tokenTicks = new long[request.MaxTokens];
    }

    private void AppendHistory(ReadOnlySpan<int> tokens)
    {
        if (_historyLength + tokens.Length > _history.Length) Array.Resize(ref _history, Math.Max(_historyLength + tokens.Length, _history.Length * 2));
        tokens.CopyTo(_history.AsSpan(_historyLength));
        _historyLength += tokens.Length;
    }
}

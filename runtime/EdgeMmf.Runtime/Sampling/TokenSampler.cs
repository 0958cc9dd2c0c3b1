namespace EdgeMmf.Runtime.Sampling;

/// <summary>
/// Picks the next token from logits: repetition penalty, then greedy or temperature + top-k + top-p
/// sampling (the order of Hugging Face's logits processors). All buffers are allocated once, so
/// sampling a token allocates nothing.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions _options;
    private readonly int[] _candidates;
    private readonly float[] _keys;
    private readonly bool[] _seen;
    private Xoshiro256StarStar _random;

    /// <summary>A sampler for <paramref name="vocabSize"/> logits (<paramref name="options"/> are validated).</summary>
    public TokenSampler(int vocabSize, SamplingOptions options)
    {
        options.Validate();
        _options = options;
        _candidates = new int[vocabSize];
        _keys = new float[vocabSize];
        _seen = new bool[vocabSize];
        _random = new Xoshiro256StarStar(options.Seed);
    }

    /// <summary>The options it samples with.</summary>
    public SamplingOptions Options => _options;

    /// <summary>Chooses a token. <paramref name="logits"/> is modified (penalty, temperature).</summary>
    public int Sample(Span<float> logits, ReadOnlySpan<int> history)
    {
        ApplyRepeatPenalty(logits, history);
        if (_options.Temperature == 0) return ArgMax(logits);

        // Candidates: top-k by selection (O(V log k)), else all; then sort those by logit, descending.
        int count = _options.TopK > 0 && _options.TopK < logits.Length ? SelectTopK(logits, _options.TopK) : All(logits.Length);
        Span<int> candidates = _candidates.AsSpan(0, count);
        Span<float> keys = _keys.AsSpan(0, count);
        for (int k = 0; k < count; k++) keys[k] = -logits[candidates[k]];
        keys.Sort(candidates);

        // Softmax over candidates at temperature T (keys hold -logit, so keys[0] is the max).
        float invT = 1f / _options.Temperature;
        // A temperature so small that 1/T overflows (1e-45) is the T -> 0 limit: all mass on the best candidate.
        // Multiplying by infinity instead would give 0 * inf = NaN for it and an arbitrary pick.
        if (float.IsInfinity(invT)) return candidates[0];
        float max = -keys[0];
        double total = 0;
        for (int k = 0; k < count; k++)
        {
            float p = MathF.Exp((-keys[k] - max) * invT);
            keys[k] = p;
            total += p;
        }

        // Top-p: the smallest prefix whose probability reaches P (at least one token).
        int keep = count;
        if (_options.TopP < 1)
        {
            double cumulative = 0;
            for (int k = 0; k < count; k++)
            {
                cumulative += keys[k] / total;
                if (cumulative >= _options.TopP) { keep = k + 1; break; }
            }
        }
        double kept = 0;
        for (int k = 0; k < keep; k++) kept += keys[k];
        double target = _random.NextDouble() * kept;
        double running = 0;
        for (int k = 0; k < keep; k++)
        {
            running += keys[k];
            if (target < running) return candidates[k];
        }
        return candidates[keep - 1];
    }

    /// <summary>The index of the largest logit (the first on ties; <see cref="GreatestLogit"/>).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits) => GreatestLogit.Index(logits);

    /// <summary>CTRL penalty (Keskar et al. 2019, as HF applies it): each distinct recent token once, positive logits divided, negative multiplied.</summary>
    private void ApplyRepeatPenalty(Span<float> logits, ReadOnlySpan<int> history)
    {
        float penalty = _options.RepeatPenalty;
        if (penalty == 1f || _options.RepeatLastN == 0) return;
        ReadOnlySpan<int> recent = history.Length > _options.RepeatLastN ? history[^_options.RepeatLastN..] : history;
        foreach (int token in recent)
        {
            if ((uint)token >= (uint)logits.Length || _seen[token]) continue;
            _seen[token] = true;
            logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty;
        }
        foreach (int token in recent)
            if ((uint)token < (uint)logits.Length) _seen[token] = false;
    }

    private int All(int vocabSize)
    {
        for (int k = 0; k < vocabSize; k++) _candidates[k] = k;
        return vocabSize;
    }

    /// <summary>The K largest logits by a min-heap over candidates[0..K).</summary>
    private int SelectTopK(ReadOnlySpan<float> logits, int k)
    {
        Span<int> heap = _candidates.AsSpan(0, k);
        for (int i = 0; i < k; i++) heap[i] = i;
        for (int i = k / 2 - 1; i >= 0; i--) SiftDown(heap, logits, i);
        for (int token = k; token < logits.Length; token++)
        {
            if (logits[token] > logits[heap[0]])
            {
                heap[0] = token;
                SiftDown(heap, logits, 0);
            }
        }
        return k;
    }

    private static void SiftDown(Span<int> heap, ReadOnlySpan<float> logits, int i)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, smallest = i;
            if (left < heap.Length && logits[heap[left]] < logits[heap[smallest]]) smallest = left;
            if (right < heap.Length && logits[heap[right]] < logits[heap[smallest]]) smallest = right;
            if (smallest == i) return;
            (heap[i], heap[smallest]) = (heap[smallest], heap[i]);
            i = smallest;
        }
    }
}

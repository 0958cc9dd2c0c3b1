namespace EdgeMmf.Runtime.Sampling;

/// <summary>
/// How the next token is chosen. Temperature 0 is greedy. Defaults follow Hugging Face's
/// <c>generate</c> (top_k 50 when sampling) and the reference example (temperature 0.6, top_p 0.4).
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Divides the logits before sampling; 0 is greedy.</summary>
    public float Temperature { get; init; } = 0.6f;
    /// <summary>Keep the K most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; } = 50;
    /// <summary>Keep the smallest set whose probability reaches P; 1 keeps all.</summary>
    public float TopP { get; init; } = 0.4f;
    /// <summary>CTRL-style penalty on tokens seen in the last <see cref="RepeatLastN"/>; 1 is off.</summary>
    public float RepeatPenalty { get; init; } = 1.0f;
    /// <summary>How many recent tokens <see cref="RepeatPenalty"/> looks at.</summary>
    public int RepeatLastN { get; init; } = 64;
    /// <summary>Seeds the sampler's generator: one seed, one text.</summary>
    public ulong Seed { get; init; } = 0x5EED;

    /// <summary>The range <see cref="RepeatPenalty"/> must lie in: beyond it a penalised logit overflows.</summary>
    public const float MinRepeatPenalty = 0.001f, MaxRepeatPenalty = 1000f;

    /// <summary>Always the most likely token.</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0, TopK = 0, TopP = 1 };

    /// <summary>Refuses out-of-range values with an <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0) || float.IsInfinity(Temperature)) throw new ArgumentException($"temperature must be 0 or more (0 is greedy), not {Temperature}.");
        if (TopK < 0) throw new ArgumentException($"top-k must be 0 (off) or more, not {TopK}.");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"top-p must be in (0, 1], not {TopP}.");
        // The penalty divides or multiplies logits: beyond this range a penalised logit overflows to infinity and the
        // softmax becomes NaN. Useful penalties are 1 to 2.
        if (!(RepeatPenalty >= MinRepeatPenalty && RepeatPenalty <= MaxRepeatPenalty))
            throw new ArgumentException($"repeat penalty must be between {MinRepeatPenalty} and {MaxRepeatPenalty} (1 is off), not {RepeatPenalty}.");
        if (RepeatLastN < 0) throw new ArgumentException($"repeat-last-n must be 0 or more, not {RepeatLastN}.");
    }
}

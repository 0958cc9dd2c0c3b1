using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// One kernel path's decode speed in both ternary formats over the same weights (<see cref="FormatDecodeBenchmark"/>):
/// medians of alternated slices. Both copies hold the same weights, so the ratio of weights/s is the ratio of tokens/s.
/// </summary>
/// <param name="KernelPath">The path's name (<see cref="KernelSelector.NameOf"/>).</param>
/// <param name="Threads">Kernel worker threads.</param>
/// <param name="Rounds">Alternations: each one a slice of TQ2_0 and a slice of TQ1_0.</param>
/// <param name="Tq2WeightsPerSecond">TQ2_0: median weights multiplied per second.</param>
/// <param name="Tq1WeightsPerSecond">TQ1_0: median weights multiplied per second.</param>
/// <param name="Tq1OverTq2">Median of each round's TQ1_0 / TQ2_0 rate: above 1, TQ1_0 decodes faster.</param>
/// <param name="Tq1OverTq2Min">The lowest round's ratio.</param>
/// <param name="Tq1OverTq2Max">The highest round's ratio.</param>
/// <param name="WeightsPerToken">Ternary weights a token of the model's shape reads.</param>
/// <param name="SetBytesTq1">Bytes of the TQ1_0 copy cycled through (the TQ2_0 copy is 66/54 of it).</param>
/// <param name="AllocatedBytes">Bytes the timed loop allocated on the measuring thread (0 expected).</param>
public sealed record FormatDecodeResult(string KernelPath, int Threads, int Rounds, double Tq2WeightsPerSecond, double Tq1WeightsPerSecond,
    double Tq1OverTq2, double Tq1OverTq2Min, double Tq1OverTq2Max, long WeightsPerToken, long SetBytesTq1, long AllocatedBytes)
{
    /// <summary>TQ2_0 packed weights read per second, in GB/s (66 bytes per 256 weights).</summary>
    public double Tq2GBps => Tq2WeightsPerSecond * TernaryFormatTraits.Tq2.BlockBytes / TernaryFormatTraits.BlockWeights / 1e9;

    /// <summary>TQ1_0 packed weights read per second, in GB/s (54 bytes per 256 weights).</summary>
    public double Tq1GBps => Tq1WeightsPerSecond * TernaryFormatTraits.Tq1.BlockBytes / TernaryFormatTraits.BlockWeights / 1e9;

    /// <summary>TQ2_0 decode of the model's shape, projections only, in tokens/s.</summary>
    public double Tq2TokensPerSecond => Tq2WeightsPerSecond / WeightsPerToken;

    /// <summary>TQ1_0 decode of the model's shape, projections only, in tokens/s.</summary>
    public double Tq1TokensPerSecond => Tq1WeightsPerSecond / WeightsPerToken;

    /// <summary>The format <see cref="FormatRecommendation.Choose"/> picks from these figures.</summary>
    public TernaryFormat Recommended => FormatRecommendation.Choose(Tq1OverTq2);
}

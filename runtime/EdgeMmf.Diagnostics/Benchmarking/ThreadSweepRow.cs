namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// One thread count of <c>edgemmf bench --threads 1,2,4,...</c>: EdgeMmf's median decode speed, the bandwidth bound
/// probed at that count in the same run, the core hand-off latency, and ggml's median decode of the same shape at the
/// same count (NaN when the ggml peer is absent).
/// </summary>
public readonly record struct ThreadSweepRow(int Threads, double DecodeTokensPerSecond, double BoundTokensPerSecond, double HandoffNs, double GgmlTokensPerSecond)
{
    /// <summary>Decode as a fraction of the bandwidth bound; NaN without a probe.</summary>
    public double FractionOfBound => BoundTokensPerSecond > 0 ? DecodeTokensPerSecond / BoundTokensPerSecond : double.NaN;

    /// <summary>EdgeMmf's decode speed over ggml's; NaN without the peer.</summary>
    public double RatioToGgml => GgmlTokensPerSecond > 0 ? DecodeTokensPerSecond / GgmlTokensPerSecond : double.NaN;

    /// <summary>The median of <paramref name="values"/> (the upper one of an even count, as <c>bench</c> reports).</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}

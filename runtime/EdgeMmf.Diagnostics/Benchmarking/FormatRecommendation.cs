using System.Globalization;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// Which ternary format to write for a machine, from a measured TQ1_0 / TQ2_0 decode ratio: TQ2_0 unless TQ1_0 is
/// faster by at least a margin, so that noise between two close figures does not flip the choice (TQ2_0 is the
/// default and the cheaper format to convert back and inspect). A pure function: <c>convert</c> feeds it what
/// <see cref="FormatDecodeBenchmark"/> measured.
/// </summary>
public static class FormatRecommendation
{
    /// <summary>TQ1_0 must decode at least 5% faster than TQ2_0 to be chosen.</summary>
    public const double DefaultMargin = 0.05;

    /// <summary>TQ1_0 if <paramref name="tq1OverTq2"/> is at least 1 + <paramref name="margin"/>, else TQ2_0 (also for a ratio that is not a finite positive number).</summary>
    /// <param name="tq1OverTq2">TQ1_0's decode rate over TQ2_0's on the same weights.</param>
    /// <param name="margin">How much faster TQ1_0 must be, as a fraction (0.05: 5%).</param>
    public static TernaryFormat Choose(double tq1OverTq2, double margin = DefaultMargin)
    {
        if (!double.IsFinite(margin) || margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "a fraction of 0 or more");
        return double.IsFinite(tq1OverTq2) && tq1OverTq2 >= 1 + margin ? TernaryFormat.Tq1_0 : TernaryFormat.Tq2_0;
    }

    /// <summary>
    /// The line <c>convert</c> prints when it chose: what it measured, where, and what it writes, e.g. "tq1_0 decodes
    /// 1.15x faster than tq2_0 here (avx2, 2 threads): writing tq1_0; pass --type to choose".
    /// </summary>
    /// <param name="tq1OverTq2">The measured ratio.</param>
    /// <param name="kernelPath">The kernel path measured.</param>
    /// <param name="threads">The thread count measured.</param>
    /// <param name="margin">The margin <see cref="Choose"/> used.</param>
    public static string Describe(double tq1OverTq2, string kernelPath, int threads, double margin = DefaultMargin)
    {
        TernaryFormat chosen = Choose(tq1OverTq2, margin);
        var c = CultureInfo.InvariantCulture;
        string where = string.Format(c, "here ({0}, {1} thread{2})", kernelPath, threads, threads == 1 ? "" : "s");
        string measured = !double.IsFinite(tq1OverTq2) || tq1OverTq2 <= 0
            ? $"the decode speeds could not be measured {where}"
            : tq1OverTq2 >= 1 + margin ? string.Format(c, "tq1_0 decodes {0:F2}x faster than tq2_0 {1}", tq1OverTq2, where)
            : tq1OverTq2 >= 1 ? string.Format(c, "tq1_0 decodes only {0:F2}x as fast as tq2_0 {1}, under the {2:F0}% margin", tq1OverTq2, where, margin * 100)
            : string.Format(c, "tq2_0 decodes {0:F2}x faster than tq1_0 {1}", 1 / tq1OverTq2, where);
        return $"{measured}: writing {chosen.Traits().Name}; pass --type to choose";
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using EdgeMmf.Diagnostics.Kernels;
using EdgeMmf.Diagnostics.Threading;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// Decode speed of one loaded model at several thread counts in one run: at each count EdgeMmf's runs, the bandwidth
/// probe and hand-off probe, then ggml's runs of the same shape at the same count (when the peer is given), so the
/// two alternate in the same minutes and their ratio holds on a shared host.
/// </summary>
public static class ThreadSweep
{
    /// <summary>How long a JIT-compiled run decodes before it measures (tiered compilation settles; AOT needs none).</summary>
    private const double WarmUpSeconds = 1.5;

    /// <summary>One row per thread count: EdgeMmf's median decode speed, the bound and hand-off, then ggml's (if given).</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="counts">Thread counts, in the order to run them.</param>
    /// <param name="memoryOnly">Run the memory-only kernel (weights read, arithmetic skipped).</param>
    /// <param name="decodeStep">How a decode token is spread over the threads (<see cref="FastForward"/>).</param>
    /// <param name="promptTokens">Prompt length per run.</param>
    /// <param name="genTokens">Tokens decoded per run.</param>
    /// <param name="runs">Measured runs per count (after a warm-up); medians are reported.</param>
    /// <param name="probeMiB">Bandwidth probe buffer; 0 skips the probe and the bound.</param>
    /// <param name="ggml">The ggml peer to run beside EdgeMmf, or null.</param>
    public static ThreadSweepRow[] Run(HgrnBitModel model, IReadOnlyList<int> counts, bool memoryOnly, DecodeStepMode decodeStep, int promptTokens, int genTokens, int runs, int probeMiB, GgmlPeer? ggml)
    {
        var rows = new ThreadSweepRow[counts.Count];
        var decode = new double[runs];
        for (int c = 0; c < counts.Count; c++)
        {
            int threads = counts[c];
            using (var projector = memoryOnly ? new TernaryProjector(threads, MemoryOnlyKernel.Create(KernelSelector.Default)) : new TernaryProjector(threads))
            {
                var forward = new FastForward(model, projector, decodeStep: decodeStep);
                long warmUpStart = Stopwatch.GetTimestamp();
                do DecodeBenchmark.Run(forward, promptTokens, Math.Min(genTokens, 16), 7);
                while (RuntimeFeature.IsDynamicCodeCompiled && Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds < WarmUpSeconds);
                for (int r = 0; r < runs; r++) decode[r] = DecodeBenchmark.Run(forward, promptTokens, genTokens, (ulong)(100 + r)).DecodeTokensPerSecond;
            }
            // The probe after the runs at the same count: the bound those threads could stream at now.
            double bandwidth = probeMiB > 0 ? MemoryBandwidthProbe.Measure(threads, (long)probeMiB << 20) : 0;
            double handoff = threads > 1 ? CoreHandoffProbe.Measure() : double.NaN;
            double ggmlTokens = ggml is null ? double.NaN : ThreadSweepRow.Median(ggml.Measure(threads, genTokens, runs));
            double bound = bandwidth > 0 ? bandwidth * 1e9 / model.PackedWeightBytesPerToken : 0;
            rows[c] = new ThreadSweepRow(threads, ThreadSweepRow.Median(decode), bound, handoff, ggmlTokens);
        }
        return rows;
    }
}

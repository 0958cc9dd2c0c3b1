using System.Diagnostics;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// Does TQ1_0 (1.69 bits per weight) decode faster than TQ2_0 (2.06) on this machine and kernel path? Times one-token
/// projections over a <see cref="FormatWeightSet"/> in decode's calls (a layer's i, f and g in one fork-join, then o,
/// gate|up and down, then lm_head, each naming the next call's matrices as decode does), cycling through the set so
/// every call streams from memory. The formats alternate in slices of fixed time, TQ2_0 first in even rounds and
/// TQ1_0 first in odd ones, so a drifting host weighs on both alike. Only the projections: the norms, quantization
/// and recurrence between them cost the same in both formats and are left out. The timed loop allocates nothing.
/// </summary>
public static class FormatDecodeBenchmark
{
    /// <summary>Alternations by default.</summary>
    public const int DefaultRounds = 5;

    /// <summary>Seconds per slice by default: 5 rounds of two slices plus a warm-up pair take about 0.5 s.</summary>
    public const double DefaultSliceSeconds = 0.04;

    /// <summary>Measures <paramref name="kernel"/> on <paramref name="threads"/> threads over <paramref name="weights"/>.</summary>
    /// <param name="weights">The two copies; with lookup tiles if <paramref name="kernel"/> uses them.</param>
    /// <param name="kernel">The kernel path to time (<see cref="KernelSelector.Create"/>).</param>
    /// <param name="threads">Kernel worker threads.</param>
    /// <param name="rounds">Alternations (at least 1); medians are over them.</param>
    /// <param name="sliceSeconds">How long each slice runs calls (at least one call).</param>
    public static FormatDecodeResult Measure(FormatWeightSet weights, TernaryKernel kernel, int threads, int rounds = DefaultRounds, double sliceSeconds = DefaultSliceSeconds)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (!(sliceSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(sliceSeconds), sliceSeconds, "a positive time");
        if (kernel.UsesLookupTiles && !weights.HasLookupTiles)
            throw new ArgumentException($"kernel path {kernel.Name} decodes TQ2_0 from lookup tiles; build the weight set with lookupTiles: true.", nameof(kernel));

        using var projector = new TernaryProjector(threads, kernel);
        var run = new Runner(projector, weights);
        long sliceTicks = Math.Max(1, (long)(sliceSeconds * Stopwatch.Frequency));
        // Warm-up: every shape once (a path's per-thread buffers grow to the widest row), then a slice of each: pool, code, pages.
        run.EachShape(TernaryFormat.Tq2_0);
        run.EachShape(TernaryFormat.Tq1_0);
        run.Slice(TernaryFormat.Tq2_0, sliceTicks);
        run.Slice(TernaryFormat.Tq1_0, sliceTicks);

        var tq2 = new double[rounds];
        var tq1 = new double[rounds];
        var ratio = new double[rounds];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                tq2[r] = run.Slice(TernaryFormat.Tq2_0, sliceTicks);
                tq1[r] = run.Slice(TernaryFormat.Tq1_0, sliceTicks);
            }
            else
            {
                tq1[r] = run.Slice(TernaryFormat.Tq1_0, sliceTicks);
                tq2[r] = run.Slice(TernaryFormat.Tq2_0, sliceTicks);
            }
            ratio[r] = tq1[r] / tq2[r];
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double[] sortedRatio = (double[])ratio.Clone();
        Array.Sort(sortedRatio);
        return new FormatDecodeResult(kernel.Name, projector.Threads, rounds, Median(tq2), Median(tq1), Median(ratio), sortedRatio[0], sortedRatio[^1],
            weights.WeightsPerToken, weights.BytesIn(TernaryFormat.Tq1_0), allocated);
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The calls of both copies and where each copy's cycle stands; buffers sized once for the widest call.</summary>
    private sealed class Runner
    {
        private readonly TernaryProjector _projector;
        private readonly FormatWeightSet _weights;
        private readonly int[] _next = new int[2];       // per format: the matrix the next call starts at
        private readonly sbyte[] _activations;
        private readonly float[] _denominators = [1f];
        private readonly float[] _a, _b, _c;

        public Runner(TernaryProjector projector, FormatWeightSet weights)
        {
            _projector = projector;
            _weights = weights;
            int columns = 0, rows = 0;
            foreach (TernaryMatrix m in weights.Tq2)
            {
                columns = Math.Max(columns, m.PaddedColumns);
                rows = Math.Max(rows, m.Rows);
            }
            _activations = new sbyte[columns];
            var random = new Random(7);
            for (int k = 0; k < columns; k++) _activations[k] = (sbyte)random.Next(-127, 128);
            _a = new float[rows];
            _b = new float[rows];
            _c = new float[rows];
        }

        /// <summary>Runs calls of <paramref name="format"/> for at least <paramref name="ticks"/>; returns weights per second.</summary>
        public double Slice(TernaryFormat format, long ticks)
        {
            IReadOnlyList<TernaryMatrix> set = _weights.In(format);
            int f = (int)format, at = _next[f];
            long weights = 0, start = Stopwatch.GetTimestamp(), elapsed;
            do
            {
                int next = CallLength(set, at) + at;
                if (next == set.Count) next = 0;
                Expect(set, next);
                weights += Call(set, at);
                at = next;
                elapsed = Stopwatch.GetTimestamp() - start;
            }
            while (elapsed < ticks);
            _next[f] = at;
            return weights * (double)Stopwatch.Frequency / elapsed;
        }

        /// <summary>Twice, one call of each kind: a layer's i|f|g, o, gate|up and down, then lm_head.</summary>
        public void EachShape(TernaryFormat format)
        {
            IReadOnlyList<TernaryMatrix> set = _weights.In(format);
            for (int pass = 0; pass < 2; pass++)
                foreach (int at in (ReadOnlySpan<int>)[0, 3, 4, 5, set.Count - 1]) Call(set, at);
        }

        /// <summary>A layer's i, f and g (the first three of its six matrices) go in one call; every other matrix alone.</summary>
        private static int CallLength(IReadOnlyList<TernaryMatrix> set, int at) => at < set.Count - 1 && at % 6 == 0 ? 3 : 1;

        private void Expect(IReadOnlyList<TernaryMatrix> set, int at)
        {
            if (CallLength(set, at) == 3) _projector.ExpectNext(set[at], set[at + 1], set[at + 2]);
            else _projector.ExpectNext(set[at]);
        }

        private long Call(IReadOnlyList<TernaryMatrix> set, int at)
        {
            TernaryMatrix m = set[at];
            if (CallLength(set, at) == 1)
            {
                _projector.Project(Task(m, _a));
                return (long)m.Rows * m.PaddedColumns;
            }
            TernaryMatrix m1 = set[at + 1], m2 = set[at + 2];
            _projector.Project(Task(m, _a), Task(m1, _b), Task(m2, _c));
            return (long)m.Rows * m.PaddedColumns + (long)m1.Rows * m1.PaddedColumns + (long)m2.Rows * m2.PaddedColumns;
        }

        private ProjectionTask Task(TernaryMatrix m, float[] output) =>
            new(m, _activations.AsSpan(0, m.PaddedColumns), 1, _denominators, output.AsSpan(0, m.Rows));
    }
}

using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Runs int8 x ternary projections (model-spec "BitLinear" step 4, integer part) on a persistent
/// <see cref="WorkerPool"/>: output rows are split into one contiguous range per thread, so each thread
/// streams its own slice of the weights. <see cref="Gemv"/> is the decode step; <see cref="Gemm"/> is
/// prefill, all prompt tokens in one pass so every weight row is read from memory once per call.
/// Zero allocation per call after the first call with a given token count; call from one thread.
/// </summary>
public sealed unsafe class TernaryProjector : IDisposable
{
    private readonly WorkerPool _pool;
    private int[] _xSums = new int[16];

    /// <param name="threads">Worker threads including the caller; 0 or less = physical cores.</param>
    public TernaryProjector(int threads) : this(threads, KernelSelector.Default)
    {
    }

    public TernaryProjector(int threads, TernaryKernel kernel)
    {
        Kernel = kernel;
        _pool = new WorkerPool(threads > 0 ? threads : ProcessorTopology.PhysicalCores());
    }

    public int Threads => _pool.Threads;

    public TernaryKernel Kernel { get; }

    /// <summary>The running path's name, e.g. "avx-vnni" (see <see cref="KernelSelector.NameOf"/>).</summary>
    public string KernelPath => Kernel.Name;

    /// <summary>acc_i = sum_j x_j * t_ij, exactly, for i &lt; w.Rows. x holds w.PaddedColumns values, zero past w.Columns.</summary>
    public void Gemv(TernaryMatrix w, ReadOnlySpan<sbyte> x, Span<int> acc) => Gemm(w, x, 1, acc);

    /// <summary>
    /// acc[t * w.Rows + i] = sum_j x[t * w.PaddedColumns + j] * t_ij for t &lt; tokens (token-major rows of
    /// activations in, token-major rows of accumulators out; each token keeps its own scale outside).
    /// </summary>
    public void Gemm(TernaryMatrix w, ReadOnlySpan<sbyte> x, int tokens, Span<int> acc)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (tokens < 1) throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "at least one token");
        if (x.Length < (long)tokens * w.PaddedColumns)
            throw new ArgumentException($"{w.Name}: {tokens} token(s) need {(long)tokens * w.PaddedColumns} activations (PaddedColumns {w.PaddedColumns} each, zero-padded), got {x.Length}.", nameof(x));
        if (acc.Length < (long)tokens * w.Rows)
            throw new ArgumentException($"{w.Name}: {tokens} token(s) need {(long)tokens * w.Rows} accumulators, got {acc.Length}.", nameof(acc));
        if (_xSums.Length < tokens) _xSums = new int[Math.Max(tokens, 2 * _xSums.Length)];

        fixed (sbyte* px = x)
        fixed (int* pacc = acc)
        fixed (int* sums = _xSums)
        {
            for (int t = 0; t < tokens; t++)
                sums[t] = Kernel.SumActivations(px + (long)t * w.PaddedColumns, w.PaddedColumns);
            TernaryJob job = new()
            {
                Kernel = w.Format == TernaryFormat.Tq1_0 ? Kernel.GemmTq1 : Kernel.GemmTq2,
                Weights = w.Packed,
                RowBytes = w.RowBytes,
                Blocks = w.PaddedColumns / 256,
                Rows = w.Rows,
                X = px,
                XStride = w.PaddedColumns,
                Tokens = tokens,
                XSums = sums,
                Acc = pacc,
                AccStride = w.Rows,
            };
            _pool.Run(&RunRows, &job);
        }
    }

    /// <summary>Thread <paramref name="index"/> of <paramref name="count"/> takes rows [Rows*index/count, Rows*(index+1)/count).</summary>
    private static void RunRows(void* state, int index, int count)
    {
        TernaryJob* job = (TernaryJob*)state;
        int start = (int)((long)job->Rows * index / count);
        int end = (int)((long)job->Rows * (index + 1) / count);
        if (start < end) job->Kernel(job, start, end);
    }

    public void Dispose() => _pool.Dispose();
}

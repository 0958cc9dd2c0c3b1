using System.Runtime.CompilerServices;
using EdgeMmf.Diagnostics.Threading;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Diagnostics.Kernels;

/// <summary>
/// A diagnosis, not a kernel: reads the weight bytes of its rows as the real kernels stream them (vector loads, the
/// same prefetch distance; <see cref="VectorRead"/>), skips the int8 x ternary arithmetic, and leaves 0 in every
/// accumulator. Run through the same projector calls, threads and serial steps (<c>edgemmf bench --memory-only</c>),
/// it shows what decode would reach if the arithmetic were free, so a run can tell a kernel that is too slow from a
/// limit that lies in the memory system or in the model's sequence of projections. The outputs are meaningless.
/// </summary>
public static unsafe class MemoryOnlyKernel
{
    /// <summary>The <see cref="TernaryKernel.Name"/> of a memory-only kernel, which <c>bench</c> reports as its path.</summary>
    public const string Name = "memory-only";

    /// <summary>
    /// <paramref name="basis"/> with its projections replaced by a read of the same weight bytes and no arithmetic.
    /// Never for real output.
    /// </summary>
    public static TernaryKernel Create(TernaryKernel basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        return basis.WithGemm(Name, &Gemm);
    }

    /// <summary>True for a kernel made by <see cref="Create"/>: the weights are read, no arithmetic is done.</summary>
    public static bool IsMemoryOnly(TernaryKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.Name == Name;
    }

    /// <summary>Reads rows [rowStart, rowEnd) of the job's weights, and writes 0 to their accumulators for every token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gemm(TernaryJob* job, int rowStart, int rowEnd)
    {
        byte* start = job->Weights + (long)rowStart * job->RowBytes;
        long bytes = (long)(rowEnd - rowStart) * job->RowBytes;
        // Depends on every load, so none can be dropped (a sum of exactly long.MinValue would write 1: still meaningless).
        int result = VectorRead.SumPrefetching(start, start + bytes, TernaryKernel.DecodePrefetchBytes) == long.MinValue ? 1 : 0;
        for (int t = 0; t < job->Tokens; t++)
        {
            int* acc = job->Acc + (long)t * job->AccStride;
            for (int row = rowStart; row < rowEnd; row++) acc[row] = result;
        }
    }
}

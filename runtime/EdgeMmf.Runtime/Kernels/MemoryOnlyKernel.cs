using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A diagnosis, not a kernel: reads every weight byte of its rows as the real kernels do (vector loads, the same
/// prefetch distance), skips the int8 x ternary arithmetic, and leaves 0 in every accumulator. Run through the
/// same projector calls, threads and serial steps (<c>edgemmf bench --memory-only</c>), it shows what decode
/// would reach if the arithmetic were free, so a run can tell a kernel that is too slow from a limit that lies in
/// the memory system or in the model's sequence of projections. The outputs are meaningless.
/// </summary>
internal static unsafe class MemoryOnlyKernel
{
    /// <summary>Reads rows [rowStart, rowEnd) of the job's weights, and writes 0 to their accumulators for every token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(TernaryJob* job, int rowStart, int rowEnd)
    {
        byte* start = job->Weights + (long)rowStart * job->RowBytes;
        long bytes = (long)(rowEnd - rowStart) * job->RowBytes;
        // Depends on every load, so none can be dropped, and is never all ones (random weights would need to be).
        int result = Read(start, bytes) == -1 ? 1 : 0;
        for (int t = 0; t < job->Tokens; t++)
        {
            int* acc = job->Acc + (long)t * job->AccStride;
            for (int row = rowStart; row < rowEnd; row++) acc[row] = result;
        }
    }

    /// <summary>The AND of every 8-byte word (a cheap fold the loads cannot be separated from).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Read(byte* p, long bytes)
    {
        byte* end = p + bytes;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<long> a = Vector256<long>.AllBitsSet, b = a;
            for (; p + 64 <= end; p += 64)
            {
                if (Sse.IsSupported) Sse.Prefetch0(p + TernaryDotAvx2.PrefetchBytes);
                a &= Vector256.Load((long*)p);
                b &= Vector256.Load((long*)(p + 32));
            }
            Vector256<long> ab = a & b;
            long folded = ab.GetElement(0) & ab.GetElement(1) & ab.GetElement(2) & ab.GetElement(3);
            for (; p + 8 <= end; p += 8) folded &= *(long*)p;
            return folded;
        }
        Vector128<long> c = Vector128<long>.AllBitsSet, d = c;
        for (; p + 32 <= end; p += 32)
        {
            c &= Vector128.Load((long*)p);
            d &= Vector128.Load((long*)(p + 16));
        }
        Vector128<long> cd = c & d;
        long rest = cd.GetElement(0) & cd.GetElement(1);
        for (; p + 8 <= end; p += 8) rest &= *(long*)p;
        return rest;
    }
}

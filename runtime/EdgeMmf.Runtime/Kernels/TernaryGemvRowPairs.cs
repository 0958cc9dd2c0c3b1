using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>A path's decode dot products for <see cref="TernaryGemvRowPairs"/>: sum_j x_j * s_j over whole blocks.</summary>
internal unsafe interface IRowPairDot
{
    /// <summary>Rows w and w + rowBytes: row 0's sum in lane 0, row 1's in lane 1.</summary>
    static abstract Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x);

    static abstract int Single(byte* w, int blocks, sbyte* x);
}

/// <summary>
/// The decode (one token) loop the x86 paths share: adjacent rows two at a time, so each activation load in the
/// path's pair kernel feeds both rows (one row per pass spends most load slots on activations), and a last odd
/// row through its one-row kernel. Two adjacent rows are still one contiguous stream. Generic over a struct so
/// each path gets its own specialized copy with direct calls (a function pointer cost ~5% of decode).
/// </summary>
internal static unsafe class TernaryGemvRowPairs
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, IRowPairDot
    {
        long rowBytes = job->RowBytes;
        int sum = job->XSums[0];
        int row = rowStart;
        for (; row + 2 <= rowEnd; row += 2)
        {
            Vector128<int> sums = TDot.Pair(job->Weights + row * rowBytes, rowBytes, job->Blocks, job->X);
            job->Acc[row] = sums.ToScalar() - sum;
            job->Acc[row + 1] = sums.GetElement(1) - sum;
        }
        if (row < rowEnd)
            job->Acc[row] = TDot.Single(job->Weights + row * rowBytes, job->Blocks, job->X) - sum;
    }
}

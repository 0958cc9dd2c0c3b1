using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>A path's dot products of one row for <see cref="TernaryRowLoop"/>: sum_j x_j * s_j over whole blocks.</summary>
internal unsafe interface IRowDot
{
    static abstract int One(byte* w, int blocks, sbyte* x);

    /// <summary>One row against four tokens' activations x, x + xStride, ...: token k's sum in lane k.</summary>
    static abstract Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride);
}

/// <summary>
/// Row by row, tokens four at a time: each row's weights are unpacked once per four prompt tokens (decode is the
/// same loop with one token). Every path's TQ1_0 kernel runs on it, where decoding a block costs several times
/// the dot products it feeds (<see cref="Tq1TritDecoder"/>), and so does the NEON path's TQ2_0 kernel.
/// (The x86 TQ2_0 kernels have their own loops: two rows per pass, see <see cref="TernaryGemvRowPairs"/>.)
/// </summary>
internal static unsafe class TernaryRowLoop
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, IRowDot
    {
        int tokens = job->Tokens;
        long stride = job->AccStride;
        for (int row = rowStart; row < rowEnd; row++)
        {
            byte* w = job->Weights + (long)row * job->RowBytes;
            int token = 0;
            for (; token + 4 <= tokens; token += 4)
            {
                Vector128<int> sums = TDot.Four(w, job->Blocks, job->X + (long)token * job->XStride, job->XStride)
                    - Vector128.Load(job->XSums + token);
                int* acc = job->Acc + token * stride + row;
                acc[0] = sums.GetElement(0);
                acc[stride] = sums.GetElement(1);
                acc[2 * stride] = sums.GetElement(2);
                acc[3 * stride] = sums.GetElement(3);
            }
            for (; token < tokens; token++)
                job->Acc[token * stride + row] =
                    TDot.One(w, job->Blocks, job->X + (long)token * job->XStride) - job->XSums[token];
        }
    }
}

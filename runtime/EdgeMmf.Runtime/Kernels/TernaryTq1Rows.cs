using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>A path's TQ1_0 dot products for <see cref="TernaryTq1Rows"/>: sum_j x_j * s_j over whole blocks.</summary>
internal unsafe interface ITq1Dot
{
    static abstract int One(byte* w, int blocks, sbyte* x);

    /// <summary>One row against four tokens' activations x, x + xStride, ...: token k's sum in lane k.</summary>
    static abstract Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride);
}

/// <summary>
/// The TQ1_0 loop the x86 paths share. Decoding a TQ1_0 block costs several times the dot products it feeds
/// (<see cref="Tq1TritDecoder"/>), so prefill decodes each block once per four tokens, with the trits in
/// registers; decode (one token) is the same loop with one token.
/// </summary>
internal static unsafe class TernaryTq1Rows
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, ITq1Dot
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

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// ARM AdvSimd + Dp path (Cortex-A76/A78, ARMv8.2 dot product). The structure of
/// <see cref="TernaryDotVector128"/> (16 quant bytes per vector, (q >> 2n) &amp; 3 gives the stored trits
/// of weights 32n + m, m = 0..15, in activation order), with <c>sdot</c> replacing the int16 widening:
/// each int32 lane adds four products s * x, s in {0, 1, 2} and x in [-128, 127] both exact as int8.
/// Cannot run on the x86 build machine; it only uses operations whose semantics the portable path's
/// tests already cover, plus <c>Dp.DotProduct</c>.
/// </summary>
internal static unsafe class TernaryDotNeon
{
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        for (int row = rowStart; row < rowEnd; row++)
        {
            byte* w = job->Weights + (long)row * job->RowBytes;
            for (int token = 0; token < job->Tokens; token++)
                job->Acc[(long)token * job->AccStride + row] =
                    DotRowTq2(w, job->Blocks, job->X + (long)token * job->XStride) - job->XSums[token];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Sdot(Vector128<int> acc, Vector128<byte> s, sbyte* x) =>
        Dp.DotProduct(acc, s.AsSByte(), Vector128.Load(x));

    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        // One accumulator per shift: four independent sdot chains.
        Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector128<byte> mask = Vector128.Create((byte)3);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    sbyte* xh = x + 128 * half + m;
                    a0 = Sdot(a0, q & mask, xh);
                    a1 = Sdot(a1, Vector128.ShiftRightLogical(q, 2) & mask, xh + 32);
                    a2 = Sdot(a2, Vector128.ShiftRightLogical(q, 4) & mask, xh + 64);
                    a3 = Sdot(a3, Vector128.ShiftRightLogical(q, 6), xh + 96);
                }
            }
        }
        return Vector128.Sum((a0 + a1) + (a2 + a3));
    }
}

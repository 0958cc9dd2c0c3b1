using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Portable 128-bit path (SSE2 on x86, AdvSimd on ARM without dot product): widen to int16, multiply,
/// accumulate one block in int16, then widen to int32. Also the TQ1_0 path and the activation sum for
/// every vector path. Weights are multiplied as stored (s = t + 1 in {0, 1, 2}); sum_j x_j is subtracted
/// once per row and token, so no lane ever needs the -1.
/// </summary>
internal static unsafe class TernaryDotVector128
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        for (int row = rowStart; row < rowEnd; row++)
        {
            byte* w = job->Weights + (long)row * job->RowBytes;
            // The row (at most a few KB) stays in L1 across tokens: DRAM sees it once per call.
            for (int token = 0; token < job->Tokens; token++)
                job->Acc[(long)token * job->AccStride + row] =
                    DotRowTq2(w, job->Blocks, job->X + (long)token * job->XStride) - job->XSums[token];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        Vector128<int> acc = Vector128<int>.Zero;
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            // Per int16 lane a block adds 32 products of |x * s| <= 256: at most 8192, no overflow.
            Vector128<short> block = Vector128<short>.Zero;
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    sbyte* xh = x + 128 * half + m;
                    block += Mac(q & Vector128.Create((byte)3), xh);
                    block += Mac(Vector128.ShiftRightLogical(q, 2) & Vector128.Create((byte)3), xh + 32);
                    block += Mac(Vector128.ShiftRightLogical(q, 4) & Vector128.Create((byte)3), xh + 64);
                    block += Mac(Vector128.ShiftRightLogical(q, 6), xh + 96);
                }
            }
            (Vector128<int> lo, Vector128<int> hi) = Vector128.Widen(block);
            acc += lo + hi;
        }
        return Vector128.Sum(acc);
    }

    /// <summary>TQ1_0: each block decoded in registers and multiplied as TQ2_0's trits are (<see cref="Tq1Int16Dot{TMac}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryRowLoop.Run<Tq1Int16Dot<Int16Mac>>(job, rowStart, rowEnd);

    /// <summary>Portable int16 multiply-accumulate: widen both operands, multiply, add.</summary>
    private struct Int16Mac : IInt16Mac
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> Mac(Vector128<short> acc, Vector128<byte> s, sbyte* x) => acc + TernaryDotVector128.Mac(s, x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Widen(Vector128<int> acc, Vector128<short> block)
        {
            (Vector128<int> lo, Vector128<int> hi) = Vector128.Widen(block);
            return acc + (lo + hi);
        }
    }

    /// <summary>16 products s_j * x_j folded into 8 int16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Mac(Vector128<byte> s, sbyte* x)
    {
        (Vector128<ushort> sLo, Vector128<ushort> sHi) = Vector128.Widen(s);
        (Vector128<short> xLo, Vector128<short> xHi) = Vector128.Widen(Vector128.Load(x));
        return sLo.AsInt16() * xLo + sHi.AsInt16() * xHi;
    }

    /// <summary>sum_j x_j over a whole number of 256-value blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int SumActivations(sbyte* x, int length)
    {
        Vector128<int> acc = Vector128<int>.Zero;
        for (int j = 0; j < length; j += 256)
        {
            Vector128<short> block = Vector128<short>.Zero;  // 32 values of |x| <= 128 per lane
            for (int k = 0; k < 256; k += 16)
            {
                (Vector128<short> lo, Vector128<short> hi) = Vector128.Widen(Vector128.Load(x + j + k));
                block += lo + hi;
            }
            (Vector128<int> a, Vector128<int> b) = Vector128.Widen(block);
            acc += a + b;
        }
        return Vector128.Sum(acc);
    }
}

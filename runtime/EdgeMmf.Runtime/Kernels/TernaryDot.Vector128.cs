using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Portable 128-bit path (SSE2 on x86, AdvSimd on ARM with its special instructions unused): widen to int16,
/// multiply, accumulate a block in int16, then widen to int32. Also the activation sum of every vector path.
/// Weights are multiplied as stored (s = t + 1 in {0, 1, 2}); sum_j x_j is subtracted once per row and token
/// (<see cref="TernaryGemm"/>), so no lane ever needs the -1.
/// </summary>
internal static unsafe class TernaryDotVector128
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq2Dot128<WideningMac>>(job, rowStart, rowEnd);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq1Dot128<WideningMac>>(job, rowStart, rowEnd);

    /// <summary>Portable int16 multiply-accumulate: widen both operands, multiply, add; 16 products folded into 8 int16 lanes.</summary>
    private struct WideningMac : ITritMac128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Mac(Vector128<int> block, Vector128<byte> s, sbyte* x)
        {
            (Vector128<ushort> sLo, Vector128<ushort> sHi) = Vector128.Widen(s);
            (Vector128<short> xLo, Vector128<short> xHi) = Vector128.Widen(Vector128.Load(x));
            return (block.AsInt16() + sLo.AsInt16() * xLo + sHi.AsInt16() * xHi).AsInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Widen(Vector128<int> acc, Vector128<int> block)
        {
            (Vector128<int> lo, Vector128<int> hi) = Vector128.Widen(block.AsInt16());
            return acc + (lo + hi);
        }
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

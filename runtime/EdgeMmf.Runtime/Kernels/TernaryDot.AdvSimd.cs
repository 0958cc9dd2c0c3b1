using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// ARM AdvSimd without the dot product (Armv8.0 cores: Cortex-A72 of the Raspberry Pi 4, A53, A57). The layout
/// of <see cref="TernaryDotNeon"/>, with <c>smlal</c> + <c>smlal2</c> (int8 x int8 multiply-accumulate into int16
/// lanes) where that path has one <c>sdot</c>: stored trits s in {0, 1, 2} and x in [-128, 127] are exact as int8,
/// and a block adds at most 32 products of |s * x| &lt;= 256 to a lane (8,192: no int16 overflow), which one
/// <c>sadalp</c> per block widens into the int32 sums. Three instructions per 16 weights and token where the
/// portable <see cref="TernaryDotVector128"/> needs about nine (widen both operands, multiply, add).
/// </summary>
internal static unsafe class TernaryDotAdvSimd
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryRowLoop.Run<Tq2Dot>(job, rowStart, rowEnd);

    /// <summary>TQ1_0: each block decoded in registers, then multiplied as TQ2_0's trits are (<see cref="Tq1Int16Dot{TMac}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryRowLoop.Run<Tq1Int16Dot<Int16Mac>>(job, rowStart, rowEnd);

    private struct Tq2Dot : IRowDot
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int One(byte* w, int blocks, sbyte* x)
        {
            Vector128<int> acc = Vector128<int>.Zero;
            Vector128<byte> mask = Vector128.Create((byte)3);
            for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
            {
                // Two int16 accumulators, two independent multiply-accumulate chains.
                Vector128<short> low = Vector128<short>.Zero, high = low;
                for (int half = 0; half < 2; half++)
                {
                    for (int m = 0; m < 32; m += 16)
                    {
                        Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                        sbyte* xh = x + 128 * half + m;
                        low = Mlal(low, q & mask, xh);
                        high = Mlal(high, Vector128.ShiftRightLogical(q, 2) & mask, xh + 32);
                        low = Mlal(low, Vector128.ShiftRightLogical(q, 4) & mask, xh + 64);
                        high = Mlal(high, Vector128.ShiftRightLogical(q, 6), xh + 96);
                    }
                }
                acc = AdvSimd.AddPairwiseWideningAndAdd(AdvSimd.AddPairwiseWideningAndAdd(acc, low), high);
            }
            return Vector128.Sum(acc);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Four(byte* w, int blocks, sbyte* x0, int xStride)
        {
            sbyte* x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
            Vector128<byte> mask = Vector128.Create((byte)3);
            for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes)
            {
                Vector128<short> s0 = Vector128<short>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int half = 0; half < 2; half++)
                {
                    for (int m = 0; m < 32; m += 16)
                    {
                        Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                        int o = b * Tq2_0.BlockWeights + 128 * half + m;
                        Vector128<byte> s = q & mask;
                        s0 = Mlal(s0, s, x0 + o); s1 = Mlal(s1, s, x1 + o); s2 = Mlal(s2, s, x2 + o); s3 = Mlal(s3, s, x3 + o);
                        s = Vector128.ShiftRightLogical(q, 2) & mask;
                        s0 = Mlal(s0, s, x0 + o + 32); s1 = Mlal(s1, s, x1 + o + 32); s2 = Mlal(s2, s, x2 + o + 32); s3 = Mlal(s3, s, x3 + o + 32);
                        s = Vector128.ShiftRightLogical(q, 4) & mask;
                        s0 = Mlal(s0, s, x0 + o + 64); s1 = Mlal(s1, s, x1 + o + 64); s2 = Mlal(s2, s, x2 + o + 64); s3 = Mlal(s3, s, x3 + o + 64);
                        s = Vector128.ShiftRightLogical(q, 6);
                        s0 = Mlal(s0, s, x0 + o + 96); s1 = Mlal(s1, s, x1 + o + 96); s2 = Mlal(s2, s, x2 + o + 96); s3 = Mlal(s3, s, x3 + o + 96);
                    }
                }
                a0 = AdvSimd.AddPairwiseWideningAndAdd(a0, s0);
                a1 = AdvSimd.AddPairwiseWideningAndAdd(a1, s1);
                a2 = AdvSimd.AddPairwiseWideningAndAdd(a2, s2);
                a3 = AdvSimd.AddPairwiseWideningAndAdd(a3, s3);
            }
            return Vector128.Create(Vector128.Sum(a0), Vector128.Sum(a1), Vector128.Sum(a2), Vector128.Sum(a3));
        }
    }

    /// <summary><c>smlal</c> + <c>smlal2</c> into int16 lanes, <c>sadalp</c> to widen a block.</summary>
    private struct Int16Mac : IInt16Mac
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> Mac(Vector128<short> acc, Vector128<byte> s, sbyte* x) => Mlal(acc, s, x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Widen(Vector128<int> acc, Vector128<short> block) => AdvSimd.AddPairwiseWideningAndAdd(acc, block);
    }

    /// <summary>acc + s_j * x_j for 16 weights: <c>smlal</c> (lanes 0-7) and <c>smlal2</c> (lanes 8-15) fold into 8 int16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Mlal(Vector128<short> acc, Vector128<byte> s, sbyte* x)
    {
        Vector128<sbyte> xs = Vector128.Load(x), ss = s.AsSByte();
        acc = AdvSimd.MultiplyWideningLowerAndAdd(acc, ss.GetLower(), xs.GetLower());
        return AdvSimd.MultiplyWideningUpperAndAdd(acc, ss, xs);
    }
}

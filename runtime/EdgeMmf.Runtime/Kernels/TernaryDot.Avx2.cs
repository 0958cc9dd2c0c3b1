using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;
using static EdgeMmf.Runtime.Kernels.X86Blocks;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX2 path: a TQ2_0 half-block (32 bytes) is one ymm; (q >> 2n) &amp; 3 gives the stored trits of weights
/// 32n..32n+31 of that half, in the same order as the activations. <c>vpmaddubsw</c> multiplies them
/// (unsigned) by x (signed) into int16 pairs (|pair| &lt;= 512, never saturates), a block's 8 pairs sums
/// stay in int16 (&lt;= 4096), and one <c>vpmaddwd</c> by 1 per block widens to int32.
/// </summary>
internal static unsafe class TernaryDotAvx2
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.PairedRows<Tq2>(job, rowStart, rowEnd);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq1Dot256<MaddMac>>(job, rowStart, rowEnd);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Mac(Vector256<byte> s, sbyte* x) => Avx2.MultiplyAddAdjacent(s, Avx.LoadVector256(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen(Vector256<short> block) => Avx2.MultiplyAddAdjacent(block, Vector256.Create((short)1));

    /// <summary><c>vpmaddubsw</c> into int16 pairs, <c>vpmaddwd</c> by 1 to widen a block.</summary>
    internal struct MaddMac : ITritMac256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Mac(Vector256<int> block, Vector256<byte> s, sbyte* x) => (block.AsInt16() + TernaryDotAvx2.Mac(s, x)).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Widen(Vector256<int> acc, Vector256<int> block) => acc + TernaryDotAvx2.Widen(block.AsInt16());
    }

    private struct Tq2 : IRowDot, IRowPairDot
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int One(byte* w, int blocks, sbyte* x)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
            {
                Sse.Prefetch0(w + PrefetchBytes);
                Vector256<byte> q0 = Avx.LoadVector256(w);
                Vector256<byte> q1 = Avx.LoadVector256(w + 32);
                Vector256<short> s0 = Mac(Trits(q0, 0), x) + Mac(Trits(q0, 2), x + 32);
                Vector256<short> s1 = Mac(Trits(q0, 4), x + 64) + Mac(Trits(q0, 6), x + 96);
                Vector256<short> s2 = Mac(Trits(q1, 0), x + 128) + Mac(Trits(q1, 2), x + 160);
                Vector256<short> s3 = Mac(Trits(q1, 4), x + 192) + Mac(Trits(q1, 6), x + 224);
                acc += Widen((s0 + s1) + (s2 + s3));
            }
            return Vector256.Sum(acc);
        }

        /// <summary>Each unpacked trit vector feeds four tokens.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Four(byte* w, int blocks, sbyte* x0, int xStride)
        {
            sbyte* x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes)
            {
                Vector256<short> t0 = Vector256<short>.Zero, t1 = t0, t2 = t0, t3 = t0;
                for (int half = 0; half < 2; half++)
                {
                    Vector256<byte> q = Avx.LoadVector256(w + 32 * half);
                    int o = b * Tq2_0.BlockWeights + 128 * half;
                    Vector256<byte> s = Trits(q, 0);
                    t0 += Mac(s, x0 + o); t1 += Mac(s, x1 + o); t2 += Mac(s, x2 + o); t3 += Mac(s, x3 + o);
                    s = Trits(q, 2); o += 32;
                    t0 += Mac(s, x0 + o); t1 += Mac(s, x1 + o); t2 += Mac(s, x2 + o); t3 += Mac(s, x3 + o);
                    s = Trits(q, 4); o += 32;
                    t0 += Mac(s, x0 + o); t1 += Mac(s, x1 + o); t2 += Mac(s, x2 + o); t3 += Mac(s, x3 + o);
                    s = Trits(q, 6); o += 32;
                    t0 += Mac(s, x0 + o); t1 += Mac(s, x1 + o); t2 += Mac(s, x2 + o); t3 += Mac(s, x3 + o);
                }
                a0 += Widen(t0);
                a1 += Widen(t1);
                a2 += Widen(t2);
                a3 += Widen(t3);
            }
            return SumEach(a0, a1, a2, a3);
        }

        /// <summary>Each activation load feeds both rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x)
        {
            Vector256<int> a = Vector256<int>.Zero, b = a;
            byte* v = w + rowBytes;
            byte* ahead = w + PrefetchBytes;
            for (int k = 0; k < blocks; k++, w += Tq2_0.BlockBytes, v += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights, ahead += 2 * Tq2_0.BlockBytes)
            {
                PrefetchPairStep(ahead);
                Vector256<short> s = Vector256<short>.Zero, t = s;
                for (int half = 0; half < 64; half += 32)
                {
                    Vector256<byte> p = Avx.LoadVector256(w + half), q = Avx.LoadVector256(v + half);
                    sbyte* xh = x + 4 * half;
                    Vector256<sbyte> x0 = Avx.LoadVector256(xh), x1 = Avx.LoadVector256(xh + 32);
                    s += Avx2.MultiplyAddAdjacent(Trits(p, 0), x0) + Avx2.MultiplyAddAdjacent(Trits(p, 2), x1);
                    t += Avx2.MultiplyAddAdjacent(Trits(q, 0), x0) + Avx2.MultiplyAddAdjacent(Trits(q, 2), x1);
                    x0 = Avx.LoadVector256(xh + 64);
                    x1 = Avx.LoadVector256(xh + 96);
                    s += Avx2.MultiplyAddAdjacent(Trits(p, 4), x0) + Avx2.MultiplyAddAdjacent(Trits(p, 6), x1);
                    t += Avx2.MultiplyAddAdjacent(Trits(q, 4), x0) + Avx2.MultiplyAddAdjacent(Trits(q, 6), x1);
                }
                a += Widen(s);
                b += Widen(t);
            }
            return SumEach(a, b, a, b);
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX-512 BW path: a whole TQ2_0 block's 64 quant bytes are one zmm. After (q >> 2n) &amp; 3, lanes 0..31
/// hold weights 32n..32n+31 and lanes 32..63 weights 128+32n..128+32n+31, so the activations are read as
/// two 32-byte halves joined in one zmm. <c>vpmaddubsw</c> into int16 (a block adds at most 4 x 512 per
/// lane), <c>vpmaddwd</c> by 1 per block. .NET 10 exposes no 512-bit <c>vpdpbusd</c> (AVX512-VNNI), so
/// this path is for AVX-512 cores without AVX-VNNI; where both exist <see cref="TernaryDotAvxVnni"/> wins.
/// </summary>
internal static unsafe class TernaryDotAvx512
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        int tokens = job->Tokens;
        if (tokens == 1)
        {
            TernaryGemvRowPairs.Run<RowPairDot>(job, rowStart, rowEnd);
            return;
        }
        for (int row = rowStart; row < rowEnd; row++)
        {
            byte* w = job->Weights + (long)row * job->RowBytes;
            int token = 0;
            for (; token + 4 <= tokens; token += 4)
                DotRowTq2x4(w, job, token, row);
            for (; token < tokens; token++)
                job->Acc[(long)token * job->AccStride + row] =
                    DotRowTq2(w, job->Blocks, job->X + (long)token * job->XStride) - job->XSums[token];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Trits(Vector512<byte> q, [ConstantExpected(Min = 0, Max = 6)] byte shift) =>
        (shift == 0 ? q : Avx512BW.ShiftRightLogical(q.AsUInt16(), shift).AsByte()) & Vector512.Create((byte)3);

    /// <summary>x[o..o+32) and x[o+128..o+160): the activations matching one shifted zmm of trits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<sbyte> Activations(sbyte* x) =>
        Vector512.Create(Avx.LoadVector256(x), Avx.LoadVector256(x + 128));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Mac(Vector512<byte> s, Vector512<sbyte> x) => Avx512BW.MultiplyAddAdjacent(s, x);

    /// <summary>Inlined into the aggressively optimized decode loop, so no tier-0 code runs on the token path.</summary>
    private struct RowPairDot : IRowPairDot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x) => DotRowsTq2x2(w, rowBytes, blocks, x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Single(byte* w, int blocks, sbyte* x) => DotRowTq2(w, blocks, x);
    }

    /// <summary>Rows w and w + rowBytes against one token (decode, see <see cref="TernaryGemvRowPairs"/>): [sum of row 0, sum of row 1, ...].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector128<int> DotRowsTq2x2(byte* w, long rowBytes, int blocks, sbyte* x)
    {
        Vector512<int> a = Vector512<int>.Zero, b = a;
        Vector512<short> ones = Vector512.Create((short)1);
        byte* v = w + rowBytes;
        byte* ahead = w + TernaryDotAvx2.PrefetchBytes;
        for (int k = 0; k < blocks; k++, w += Tq2_0.BlockBytes, v += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights, ahead += 2 * Tq2_0.BlockBytes)
        {
            TernaryDotAvx2.PrefetchPairStep(ahead);
            Vector512<byte> p = Avx512F.LoadVector512(w), q = Avx512F.LoadVector512(v);
            Vector512<sbyte> x0 = Activations(x), x1 = Activations(x + 32), x2 = Activations(x + 64), x3 = Activations(x + 96);
            Vector512<short> s0 = Mac(Trits(p, 0), x0) + Mac(Trits(p, 2), x1);
            Vector512<short> s1 = Mac(Trits(p, 4), x2) + Mac(Trits(p, 6), x3);
            Vector512<short> t0 = Mac(Trits(q, 0), x0) + Mac(Trits(q, 2), x1);
            Vector512<short> t1 = Mac(Trits(q, 4), x2) + Mac(Trits(q, 6), x3);
            a += Avx512BW.MultiplyAddAdjacent(s0 + s1, ones);
            b += Avx512BW.MultiplyAddAdjacent(t0 + t1, ones);
        }
        Vector256<int> a8 = a.GetLower() + a.GetUpper(), b8 = b.GetLower() + b.GetUpper();
        return TernaryDotAvx2.SumEach(a8, b8, a8, b8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        Vector512<int> acc = Vector512<int>.Zero;
        Vector512<short> ones = Vector512.Create((short)1);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Sse.Prefetch0(w + TernaryDotAvx2.PrefetchBytes);
            Vector512<byte> q = Avx512F.LoadVector512(w);
            Vector512<short> s0 = Mac(Trits(q, 0), Activations(x)) + Mac(Trits(q, 2), Activations(x + 32));
            Vector512<short> s1 = Mac(Trits(q, 4), Activations(x + 64)) + Mac(Trits(q, 6), Activations(x + 96));
            acc += Avx512BW.MultiplyAddAdjacent(s0 + s1, ones);
        }
        return Vector512.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRowTq2x4(byte* w, TernaryJob* job, int token, int row)
    {
        sbyte* x0 = job->X + (long)token * job->XStride;
        sbyte* x1 = x0 + job->XStride;
        sbyte* x2 = x1 + job->XStride;
        sbyte* x3 = x2 + job->XStride;
        Vector512<int> a0 = Vector512<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector512<short> ones = Vector512.Create((short)1);
        for (int b = 0; b < job->Blocks; b++, w += Tq2_0.BlockBytes)
        {
            Vector512<byte> q = Avx512F.LoadVector512(w);
            int o = b * Tq2_0.BlockWeights;
            Vector512<byte> s = Trits(q, 0);
            Vector512<short> t0 = Mac(s, Activations(x0 + o)), t1 = Mac(s, Activations(x1 + o));
            Vector512<short> t2 = Mac(s, Activations(x2 + o)), t3 = Mac(s, Activations(x3 + o));
            s = Trits(q, 2); o += 32;
            t0 += Mac(s, Activations(x0 + o)); t1 += Mac(s, Activations(x1 + o));
            t2 += Mac(s, Activations(x2 + o)); t3 += Mac(s, Activations(x3 + o));
            s = Trits(q, 4); o += 32;
            t0 += Mac(s, Activations(x0 + o)); t1 += Mac(s, Activations(x1 + o));
            t2 += Mac(s, Activations(x2 + o)); t3 += Mac(s, Activations(x3 + o));
            s = Trits(q, 6); o += 32;
            t0 += Mac(s, Activations(x0 + o)); t1 += Mac(s, Activations(x1 + o));
            t2 += Mac(s, Activations(x2 + o)); t3 += Mac(s, Activations(x3 + o));
            a0 += Avx512BW.MultiplyAddAdjacent(t0, ones);
            a1 += Avx512BW.MultiplyAddAdjacent(t1, ones);
            a2 += Avx512BW.MultiplyAddAdjacent(t2, ones);
            a3 += Avx512BW.MultiplyAddAdjacent(t3, ones);
        }
        int* acc = job->Acc + (long)token * job->AccStride + row;
        int* sums = job->XSums + token;
        acc[0] = Vector512.Sum(a0) - sums[0];
        acc[job->AccStride] = Vector512.Sum(a1) - sums[1];
        acc[2L * job->AccStride] = Vector512.Sum(a2) - sums[2];
        acc[3L * job->AccStride] = Vector512.Sum(a3) - sums[3];
    }
}

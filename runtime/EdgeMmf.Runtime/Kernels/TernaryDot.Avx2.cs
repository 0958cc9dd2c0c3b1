using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX2 path: a TQ2_0 half-block (32 bytes) is one ymm; (q >> 2n) &amp; 3 gives the stored trits of weights
/// 32n..32n+31 of that half, in the same order as the activations. <c>vpmaddubsw</c> multiplies them
/// (unsigned) by x (signed) into int16 pairs (|pair| &lt;= 512, never saturates), a block's 8 pairs sums
/// stay in int16 (&lt;= 4096), and one <c>vpmaddwd</c> by 1 per block widens to int32.
/// GEMM runs four tokens per pass over a row, so the row is unpacked once per four tokens.
/// </summary>
internal static unsafe class TernaryDotAvx2
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
    private static Vector256<byte> Trits(Vector256<byte> q, [ConstantExpected(Min = 0, Max = 6)] byte shift) =>
        (shift == 0 ? q : Avx2.ShiftRightLogical(q.AsUInt16(), shift).AsByte()) & Vector256.Create((byte)3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Mac(Vector256<byte> s, sbyte* x) => Avx2.MultiplyAddAdjacent(s, Avx.LoadVector256(x));

    /// <summary>
    /// How far ahead of each row stream decode prefetches: a memory latency's worth of bytes at full bandwidth
    /// and then some. A sharp optimum on Zen 5 (avx-vnni, 1.3B decode on 1 thread, weights on huge pages,
    /// tokens/s): none 23, 4 KB 63, 6 KB 81, 8 KB 92, 10 KB 90, 12 KB 80, 16 KB 70; prefetcht1 at 8 KB 81.
    /// Farther than ~10 KB the prefetches probably outrun what one core keeps in flight and stall the loop.
    /// </summary>
    internal const int PrefetchBytes = 8192;

    /// <summary>
    /// A row-pair decode kernel's prefetches for one block step (see <see cref="TernaryGemvRowPairs"/>). Two adjacent
    /// rows are one contiguous stream of 2 x rowBytes, and they are prefetched as one: <paramref name="ahead"/> starts
    /// <see cref="PrefetchBytes"/> past the first row and moves two blocks per step. Prefetching each row at its own
    /// address ahead instead (two interleaved streams a row apart, the same lines) streamed one 320 MB call at
    /// 33 GB/s on 1 thread for rows of 2048 or more columns against 43 GB/s this way (Zen 5, avx-vnni; the plain
    /// read loop: 42). Rows of 1024 columns, 264 bytes, were barely affected: their two streams nearly touch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void PrefetchPairStep(byte* ahead)
    {
        Sse.Prefetch0(ahead);
        Sse.Prefetch0(ahead + Tq2_0.BlockBytes);
    }

    /// <summary>[sum(v0), sum(v1), sum(v2), sum(v3)]: one horizontal reduction for four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> SumEach(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, Vector256<int> v3)
    {
        // hadd works within 128-bit halves: after two rounds lane r (and r + 4) holds half of row r's sum.
        Vector256<int> h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(v0, v1), Avx2.HorizontalAdd(v2, v3));
        return h.GetLower() + h.GetUpper();
    }

    /// <summary>
    /// TQ1_0: each block decoded in registers (<see cref="Tq1TritDecoder"/>); per token, eight <c>vpmaddubsw</c>
    /// summed in int16 over the block (8 x 512 at most) and one <c>vpmaddwd</c> by 1 to widen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryRowLoop.Run<Tq1Dot>(job, rowStart, rowEnd);

    private struct Tq1Dot : IRowDot
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int One(byte* w, int blocks, sbyte* x)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            Vector256<short> ones = Vector256.Create((short)1);
            Tq1Tokens sink = default;
            sink.Count = 1;
            for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
            {
                Sse.Prefetch0(w + PrefetchBytes);
                sink.X = x + b * Tq1_0.BlockWeights;
                sink.S0 = Vector256<short>.Zero;
                Tq1TritDecoder.Decode(w, ref sink);
                acc += Avx2.MultiplyAddAdjacent(sink.S0, ones);
            }
            return Vector256.Sum(acc);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride)
        {
            Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
            Vector256<short> ones = Vector256.Create((short)1);
            Tq1Tokens sink = default;
            sink.Count = 4;
            sink.Stride = xStride;
            for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
            {
                sink.X = x + b * Tq1_0.BlockWeights;
                sink.S0 = sink.S1 = sink.S2 = sink.S3 = Vector256<short>.Zero;
                Tq1TritDecoder.Decode(w, ref sink);
                a0 += Avx2.MultiplyAddAdjacent(sink.S0, ones);
                a1 += Avx2.MultiplyAddAdjacent(sink.S1, ones);
                a2 += Avx2.MultiplyAddAdjacent(sink.S2, ones);
                a3 += Avx2.MultiplyAddAdjacent(sink.S3, ones);
            }
            return SumEach(a0, a1, a2, a3);
        }
    }

    /// <summary>One or four tokens (X, X + Stride, ...), a block's int16 sums each.</summary>
    private struct Tq1Tokens : ITritSink
    {
        public sbyte* X;
        public int Stride;
        public int Count;
        public Vector256<short> S0, S1, S2, S3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accept(Vector256<byte> trits, int offset)
        {
            sbyte* x = X + offset;
            S0 += Avx2.MultiplyAddAdjacent(trits, Avx.LoadVector256(x));
            if (Count == 1) return;
            S1 += Avx2.MultiplyAddAdjacent(trits, Avx.LoadVector256(x + Stride));
            S2 += Avx2.MultiplyAddAdjacent(trits, Avx.LoadVector256(x + 2 * Stride));
            S3 += Avx2.MultiplyAddAdjacent(trits, Avx.LoadVector256(x + 3 * Stride));
        }
    }

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
        Vector256<int> a = Vector256<int>.Zero, b = a;
        Vector256<short> ones = Vector256.Create((short)1);
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
            a += Avx2.MultiplyAddAdjacent(s, ones);
            b += Avx2.MultiplyAddAdjacent(t, ones);
        }
        return SumEach(a, b, a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        Vector256<int> acc = Vector256<int>.Zero;
        Vector256<short> ones = Vector256.Create((short)1);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Sse.Prefetch0(w + TernaryDotAvx2.PrefetchBytes);
            Vector256<byte> q0 = Avx.LoadVector256(w);
            Vector256<byte> q1 = Avx.LoadVector256(w + 32);
            Vector256<short> s0 = Mac(Trits(q0, 0), x) + Mac(Trits(q0, 2), x + 32);
            Vector256<short> s1 = Mac(Trits(q0, 4), x + 64) + Mac(Trits(q0, 6), x + 96);
            Vector256<short> s2 = Mac(Trits(q1, 0), x + 128) + Mac(Trits(q1, 2), x + 160);
            Vector256<short> s3 = Mac(Trits(q1, 4), x + 192) + Mac(Trits(q1, 6), x + 224);
            acc += Avx2.MultiplyAddAdjacent((s0 + s1) + (s2 + s3), ones);
        }
        return Vector256.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRowTq2x4(byte* w, TernaryJob* job, int token, int row)
    {
        sbyte* x0 = job->X + (long)token * job->XStride;
        sbyte* x1 = x0 + job->XStride;
        sbyte* x2 = x1 + job->XStride;
        sbyte* x3 = x2 + job->XStride;
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector256<short> ones = Vector256.Create((short)1);
        for (int b = 0; b < job->Blocks; b++, w += Tq2_0.BlockBytes)
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
            a0 += Avx2.MultiplyAddAdjacent(t0, ones);
            a1 += Avx2.MultiplyAddAdjacent(t1, ones);
            a2 += Avx2.MultiplyAddAdjacent(t2, ones);
            a3 += Avx2.MultiplyAddAdjacent(t3, ones);
        }
        int* acc = job->Acc + (long)token * job->AccStride + row;
        int* sums = job->XSums + token;
        acc[0] = Vector256.Sum(a0) - sums[0];
        acc[job->AccStride] = Vector256.Sum(a1) - sums[1];
        acc[2L * job->AccStride] = Vector256.Sum(a2) - sums[2];
        acc[3L * job->AccStride] = Vector256.Sum(a3) - sums[3];
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX-VNNI path: the AVX2 unpacking of <see cref="TernaryDotAvx2"/>, with <c>vpdpbusd</c> (unsigned trits
/// s times signed x, four products straight into each int32 lane, no saturation) doing the work of
/// <c>vpmaddubsw</c> + <c>vpmaddwd</c> + add. Several independent accumulators hide its latency.
/// On Zen 4 this beats the 512-bit path: .NET exposes no 512-bit <c>vpdpbusd</c>, and Zen 4 runs
/// 512-bit operations as two 256-bit halves anyway.
/// </summary>
internal static unsafe class TernaryDotAvxVnni
{
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        int tokens = job->Tokens;
        if (tokens == 1)
        {
            Gemv(job, rowStart, rowEnd);
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
    private static Vector256<int> Dp(Vector256<int> acc, Vector256<byte> s, sbyte* x) =>
        AvxVnni.MultiplyWideningAndAdd(acc, s, Avx.LoadVector256(x));

    /// <summary>Decode: four rows per pass share each activation load and one horizontal reduction.</summary>
    private static void Gemv(TernaryJob* job, int rowStart, int rowEnd)
    {
        sbyte* x = job->X;
        int blocks = job->Blocks;
        long rowBytes = job->RowBytes;
        int row = rowStart;
        for (; row + 4 <= rowEnd; row += 4)
        {
            byte* w0 = job->Weights + row * rowBytes;
            byte* w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
            // Two accumulators per row (one per half-block): eight independent vpdpbusd chains.
            Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int o = 0; o < blocks * Tq2_0.BlockBytes; o += Tq2_0.BlockBytes)
            {
                sbyte* xb = x + o / Tq2_0.BlockBytes * Tq2_0.BlockWeights;
                Vector256<byte> p0 = Avx.LoadVector256(w0 + o), p1 = Avx.LoadVector256(w1 + o);
                Vector256<byte> p2 = Avx.LoadVector256(w2 + o), p3 = Avx.LoadVector256(w3 + o);
                Vector256<byte> r0 = Avx.LoadVector256(w0 + o + 32), r1 = Avx.LoadVector256(w1 + o + 32);
                Vector256<byte> r2 = Avx.LoadVector256(w2 + o + 32), r3 = Avx.LoadVector256(w3 + o + 32);
                a0 = Dp(a0, Trits(p0, 0), xb); a1 = Dp(a1, Trits(p1, 0), xb); a2 = Dp(a2, Trits(p2, 0), xb); a3 = Dp(a3, Trits(p3, 0), xb);
                b0 = Dp(b0, Trits(r0, 0), xb + 128); b1 = Dp(b1, Trits(r1, 0), xb + 128); b2 = Dp(b2, Trits(r2, 0), xb + 128); b3 = Dp(b3, Trits(r3, 0), xb + 128);
                a0 = Dp(a0, Trits(p0, 2), xb + 32); a1 = Dp(a1, Trits(p1, 2), xb + 32); a2 = Dp(a2, Trits(p2, 2), xb + 32); a3 = Dp(a3, Trits(p3, 2), xb + 32);
                b0 = Dp(b0, Trits(r0, 2), xb + 160); b1 = Dp(b1, Trits(r1, 2), xb + 160); b2 = Dp(b2, Trits(r2, 2), xb + 160); b3 = Dp(b3, Trits(r3, 2), xb + 160);
                a0 = Dp(a0, Trits(p0, 4), xb + 64); a1 = Dp(a1, Trits(p1, 4), xb + 64); a2 = Dp(a2, Trits(p2, 4), xb + 64); a3 = Dp(a3, Trits(p3, 4), xb + 64);
                b0 = Dp(b0, Trits(r0, 4), xb + 192); b1 = Dp(b1, Trits(r1, 4), xb + 192); b2 = Dp(b2, Trits(r2, 4), xb + 192); b3 = Dp(b3, Trits(r3, 4), xb + 192);
                a0 = Dp(a0, Trits(p0, 6), xb + 96); a1 = Dp(a1, Trits(p1, 6), xb + 96); a2 = Dp(a2, Trits(p2, 6), xb + 96); a3 = Dp(a3, Trits(p3, 6), xb + 96);
                b0 = Dp(b0, Trits(r0, 6), xb + 224); b1 = Dp(b1, Trits(r1, 6), xb + 224); b2 = Dp(b2, Trits(r2, 6), xb + 224); b3 = Dp(b3, Trits(r3, 6), xb + 224);
            }
            Vector128<int> sums = TernaryDotAvx2.SumEach(a0 + b0, a1 + b1, a2 + b2, a3 + b3) - Vector128.Create(job->XSums[0]);
            sums.Store(job->Acc + row);
        }
        for (; row < rowEnd; row++)
            job->Acc[row] = DotRowTq2(job->Weights + row * rowBytes, blocks, x) - job->XSums[0];
    }

    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        // One accumulator per (half, shift): eight independent vpdpbusd chains.
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Vector256<byte> q0 = Avx.LoadVector256(w);
            Vector256<byte> q1 = Avx.LoadVector256(w + 32);
            a0 = Dp(a0, Trits(q0, 0), x);
            a1 = Dp(a1, Trits(q0, 2), x + 32);
            a2 = Dp(a2, Trits(q0, 4), x + 64);
            a3 = Dp(a3, Trits(q0, 6), x + 96);
            a4 = Dp(a4, Trits(q1, 0), x + 128);
            a5 = Dp(a5, Trits(q1, 2), x + 160);
            a6 = Dp(a6, Trits(q1, 4), x + 192);
            a7 = Dp(a7, Trits(q1, 6), x + 224);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    private static void DotRowTq2x4(byte* w, TernaryJob* job, int token, int row)
    {
        sbyte* x0 = job->X + (long)token * job->XStride;
        sbyte* x1 = x0 + job->XStride;
        sbyte* x2 = x1 + job->XStride;
        sbyte* x3 = x2 + job->XStride;
        // Two accumulators per token (one per half-block): eight independent chains.
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int blk = 0; blk < job->Blocks; blk++, w += Tq2_0.BlockBytes)
        {
            Vector256<byte> q0 = Avx.LoadVector256(w);
            Vector256<byte> q1 = Avx.LoadVector256(w + 32);
            int o = blk * Tq2_0.BlockWeights;
            {
                Vector256<byte> s = Trits(q0, 0), r = Trits(q1, 0);
                a0 = Dp(a0, s, x0 + o); a1 = Dp(a1, s, x1 + o); a2 = Dp(a2, s, x2 + o); a3 = Dp(a3, s, x3 + o);
                b0 = Dp(b0, r, x0 + o + 128); b1 = Dp(b1, r, x1 + o + 128); b2 = Dp(b2, r, x2 + o + 128); b3 = Dp(b3, r, x3 + o + 128);
            }
            o += 32;
            {
                Vector256<byte> s = Trits(q0, 2), r = Trits(q1, 2);
                a0 = Dp(a0, s, x0 + o); a1 = Dp(a1, s, x1 + o); a2 = Dp(a2, s, x2 + o); a3 = Dp(a3, s, x3 + o);
                b0 = Dp(b0, r, x0 + o + 128); b1 = Dp(b1, r, x1 + o + 128); b2 = Dp(b2, r, x2 + o + 128); b3 = Dp(b3, r, x3 + o + 128);
            }
            o += 32;
            {
                Vector256<byte> s = Trits(q0, 4), r = Trits(q1, 4);
                a0 = Dp(a0, s, x0 + o); a1 = Dp(a1, s, x1 + o); a2 = Dp(a2, s, x2 + o); a3 = Dp(a3, s, x3 + o);
                b0 = Dp(b0, r, x0 + o + 128); b1 = Dp(b1, r, x1 + o + 128); b2 = Dp(b2, r, x2 + o + 128); b3 = Dp(b3, r, x3 + o + 128);
            }
            o += 32;
            {
                Vector256<byte> s = Trits(q0, 6), r = Trits(q1, 6);
                a0 = Dp(a0, s, x0 + o); a1 = Dp(a1, s, x1 + o); a2 = Dp(a2, s, x2 + o); a3 = Dp(a3, s, x3 + o);
                b0 = Dp(b0, r, x0 + o + 128); b1 = Dp(b1, r, x1 + o + 128); b2 = Dp(b2, r, x2 + o + 128); b3 = Dp(b3, r, x3 + o + 128);
            }
        }
        int* acc = job->Acc + (long)token * job->AccStride + row;
        int* sums = job->XSums + token;
        acc[0] = Vector256.Sum(a0 + b0) - sums[0];
        acc[job->AccStride] = Vector256.Sum(a1 + b1) - sums[1];
        acc[2L * job->AccStride] = Vector256.Sum(a2 + b2) - sums[2];
        acc[3L * job->AccStride] = Vector256.Sum(a3 + b3) - sums[3];
    }
}

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
    private static Vector512<byte> Trits(Vector512<byte> q, [ConstantExpected(Min = 0, Max = 6)] byte shift) =>
        (shift == 0 ? q : Avx512BW.ShiftRightLogical(q.AsUInt16(), shift).AsByte()) & Vector512.Create((byte)3);

    /// <summary>x[o..o+32) and x[o+128..o+160): the activations matching one shifted zmm of trits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<sbyte> Activations(sbyte* x) =>
        Vector512.Create(Avx.LoadVector256(x), Avx.LoadVector256(x + 128));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Mac(Vector512<byte> s, Vector512<sbyte> x) => Avx512BW.MultiplyAddAdjacent(s, x);

    /// <summary>Decode: four rows per pass share each activation vector and one horizontal reduction.</summary>
    private static void Gemv(TernaryJob* job, int rowStart, int rowEnd)
    {
        sbyte* x = job->X;
        int blocks = job->Blocks;
        long rowBytes = job->RowBytes;
        Vector512<short> ones = Vector512.Create((short)1);
        int row = rowStart;
        for (; row + 4 <= rowEnd; row += 4)
        {
            byte* w0 = job->Weights + row * rowBytes;
            byte* w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
            Vector512<int> a0 = Vector512<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int o = 0; o < blocks * Tq2_0.BlockBytes; o += Tq2_0.BlockBytes)
            {
                sbyte* xb = x + o / Tq2_0.BlockBytes * Tq2_0.BlockWeights;
                Vector512<byte> p0 = Avx512F.LoadVector512(w0 + o), p1 = Avx512F.LoadVector512(w1 + o);
                Vector512<byte> p2 = Avx512F.LoadVector512(w2 + o), p3 = Avx512F.LoadVector512(w3 + o);
                Vector512<sbyte> xv = Activations(xb);
                Vector512<short> t0 = Mac(Trits(p0, 0), xv), t1 = Mac(Trits(p1, 0), xv), t2 = Mac(Trits(p2, 0), xv), t3 = Mac(Trits(p3, 0), xv);
                xv = Activations(xb + 32);
                t0 += Mac(Trits(p0, 2), xv); t1 += Mac(Trits(p1, 2), xv); t2 += Mac(Trits(p2, 2), xv); t3 += Mac(Trits(p3, 2), xv);
                xv = Activations(xb + 64);
                t0 += Mac(Trits(p0, 4), xv); t1 += Mac(Trits(p1, 4), xv); t2 += Mac(Trits(p2, 4), xv); t3 += Mac(Trits(p3, 4), xv);
                xv = Activations(xb + 96);
                t0 += Mac(Trits(p0, 6), xv); t1 += Mac(Trits(p1, 6), xv); t2 += Mac(Trits(p2, 6), xv); t3 += Mac(Trits(p3, 6), xv);
                a0 += Avx512BW.MultiplyAddAdjacent(t0, ones); a1 += Avx512BW.MultiplyAddAdjacent(t1, ones);
                a2 += Avx512BW.MultiplyAddAdjacent(t2, ones); a3 += Avx512BW.MultiplyAddAdjacent(t3, ones);
            }
            Vector128<int> sums = TernaryDotAvx2.SumEach(
                a0.GetLower() + a0.GetUpper(), a1.GetLower() + a1.GetUpper(), a2.GetLower() + a2.GetUpper(), a3.GetLower() + a3.GetUpper());
            (sums - Vector128.Create(job->XSums[0])).Store(job->Acc + row);
        }
        for (; row < rowEnd; row++)
            job->Acc[row] = DotRowTq2(job->Weights + row * rowBytes, blocks, x) - job->XSums[0];
    }

    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        Vector512<int> acc = Vector512<int>.Zero;
        Vector512<short> ones = Vector512.Create((short)1);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Vector512<byte> q = Avx512F.LoadVector512(w);
            Vector512<short> s0 = Mac(Trits(q, 0), Activations(x)) + Mac(Trits(q, 2), Activations(x + 32));
            Vector512<short> s1 = Mac(Trits(q, 4), Activations(x + 64)) + Mac(Trits(q, 6), Activations(x + 96));
            acc += Avx512BW.MultiplyAddAdjacent(s0 + s1, ones);
        }
        return Vector512.Sum(acc);
    }

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

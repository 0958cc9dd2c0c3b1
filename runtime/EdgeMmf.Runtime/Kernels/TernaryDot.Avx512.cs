using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;
using static EdgeMmf.Runtime.Kernels.X86Blocks;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX-512 BW path: a whole TQ2_0 block's 64 quant bytes are one zmm. After (q >> 2n) &amp; 3, lanes 0..31
/// hold weights 32n..32n+31 and lanes 32..63 weights 128+32n..128+32n+31, so the activations are read as
/// two 32-byte halves joined in one zmm. <c>vpmaddubsw</c> into int16 (a block adds at most 4 x 512 per
/// lane), <c>vpmaddwd</c> by 1 per block. .NET 10 exposes no 512-bit <c>vpdpbusd</c> (AVX512-VNNI), so
/// this path is for AVX-512 cores without AVX-VNNI; where both exist <see cref="TernaryDotAvxVnni"/> wins.
/// TQ1_0 runs avx2's operator: its decoder, not the vector width, is the limit. Its TQ2_0 decode loop has avx2's shape at
/// twice the width (no public <c>ISimdVector</c> in .NET 10 to write them once, see <see cref="Tq1Dot256{TMac}"/>).
/// Prefill runs avx2's 2-row x 4-token tiles (<see cref="TernaryDotAvx2.PrefillTq2"/>): on the AVX-512 Xeon of
/// docs/performance.md they prefilled 1.35x faster than a 512-bit loop of one row against four tokens.
/// </summary>
internal static unsafe class TernaryDotAvx512
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        if (job->Tokens == 1) TernaryGemm.DecodeRowPairs<Tq2>(job, rowStart, rowEnd);
        else TernaryDotAvx2.PrefillTq2(job, rowStart, rowEnd);
    }

    /// <summary>x[o..o+32) and x[o+128..o+160): the activations matching one shifted zmm of trits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<sbyte> Activations(sbyte* x) =>
        Vector512.Create(Avx.LoadVector256(x), Avx.LoadVector256(x + 128));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Mac(Vector512<byte> s, Vector512<sbyte> x) => Avx512BW.MultiplyAddAdjacent(s, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Widen(Vector512<short> block) => Avx512BW.MultiplyAddAdjacent(block, Vector512.Create((short)1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Fold(Vector512<int> v) => v.GetLower() + v.GetUpper();

    private struct Tq2 : IRowPairDot
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int One(byte* w, int blocks, sbyte* x)
        {
            Vector512<int> acc = Vector512<int>.Zero;
            for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
            {
                Sse.Prefetch0(w + PrefetchBytes);
                Vector512<byte> q = Avx512F.LoadVector512(w);
                Vector512<short> s0 = Mac(Trits(q, 0), Activations(x)) + Mac(Trits(q, 2), Activations(x + 32));
                Vector512<short> s1 = Mac(Trits(q, 4), Activations(x + 64)) + Mac(Trits(q, 6), Activations(x + 96));
                acc += Widen(s0 + s1);
            }
            return Vector512.Sum(acc);
        }

        /// <summary>Each activation load feeds both rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x)
        {
            Vector512<int> a = Vector512<int>.Zero, b = a;
            byte* v = w + rowBytes;
            byte* ahead = w + PrefetchBytes;
            for (int k = 0; k < blocks; k++, w += Tq2_0.BlockBytes, v += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights, ahead += 2 * Tq2_0.BlockBytes)
            {
                PrefetchPairStep(ahead);
                Vector512<byte> p = Avx512F.LoadVector512(w), q = Avx512F.LoadVector512(v);
                Vector512<sbyte> x0 = Activations(x), x1 = Activations(x + 32), x2 = Activations(x + 64), x3 = Activations(x + 96);
                Vector512<short> s0 = Mac(Trits(p, 0), x0) + Mac(Trits(p, 2), x1);
                Vector512<short> s1 = Mac(Trits(p, 4), x2) + Mac(Trits(p, 6), x3);
                Vector512<short> t0 = Mac(Trits(q, 0), x0) + Mac(Trits(q, 2), x1);
                Vector512<short> t1 = Mac(Trits(q, 4), x2) + Mac(Trits(q, 6), x3);
                a += Widen(s0 + s1);
                b += Widen(t0 + t1);
            }
            Vector256<int> a8 = Fold(a), b8 = Fold(b);
            return SumEach(a8, b8, a8, b8);
        }
    }
}

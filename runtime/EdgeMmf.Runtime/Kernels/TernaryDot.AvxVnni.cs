using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;
using static EdgeMmf.Runtime.Kernels.X86Blocks;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX-VNNI path: the AVX2 unpacking of <see cref="TernaryDotAvx2"/>, with <c>vpdpbusd</c> (unsigned trits
/// s times signed x, four products straight into each int32 lane, no saturation) doing the work of
/// <c>vpmaddubsw</c> + <c>vpmaddwd</c> + add. Several independent accumulators hide its latency.
/// It beats the 512-bit path where both run: .NET exposes no 512-bit <c>vpdpbusd</c>, so that path needs three
/// instructions per step where this one needs one (docs/performance.md, "Paths"). Prefill runs tiles of two rows by
/// four tokens (<see cref="DotRows2x4"/>) in <see cref="TernaryGemm.RowTiles{TDot}"/>.
/// </summary>
internal static unsafe class TernaryDotAvxVnni
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        if (job->Tokens == 1) TernaryGemm.DecodeRowPairs<MaskedTq2>(job, rowStart, rowEnd);
        else TernaryGemm.RowTiles<MaskedTq2>(job, rowStart, rowEnd);
    }

    /// <summary>TQ1_0: eight <c>vpdpbusd</c> per block and token (<see cref="Tq1Dot256{TMac}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq1Dot256<DotMac>>(job, rowStart, rowEnd);

    /// <summary>Rows w0 and w0 + rowBytes against four tokens' activations (x, x + xStride, ...) over <paramref name="blocks"/> blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows2x4(byte* w0, long rowBytes, sbyte* x, int xStride, int blocks, out Vector128<int> row0, out Vector128<int> row1)
    {
        byte* w1 = w0 + rowBytes;
        sbyte* x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        // One accumulator per (row, token, half-block): sixteen independent vpdpbusd chains, enough to
        // cover its latency (4-5 cycles) at two per cycle.
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        Vector256<int> c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int o = 0; o < blocks * Tq2_0.BlockBytes; o += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights, x1 += Tq2_0.BlockWeights, x2 += Tq2_0.BlockWeights, x3 += Tq2_0.BlockWeights)
        {
            Vector256<byte> p = Avx.LoadVector256(w0 + o), r = Avx.LoadVector256(w1 + o);
            Vector256<byte> pp = Avx.LoadVector256(w0 + o + 32), rr = Avx.LoadVector256(w1 + o + 32);
            Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Trits(p, 0), Trits(r, 0), x, x1, x2, x3);
            Step(ref c0, ref c1, ref c2, ref c3, ref d0, ref d1, ref d2, ref d3, Trits(pp, 0), Trits(rr, 0), x + 128, x1 + 128, x2 + 128, x3 + 128);
            Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Trits(p, 2), Trits(r, 2), x + 32, x1 + 32, x2 + 32, x3 + 32);
            Step(ref c0, ref c1, ref c2, ref c3, ref d0, ref d1, ref d2, ref d3, Trits(pp, 2), Trits(rr, 2), x + 160, x1 + 160, x2 + 160, x3 + 160);
            Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Trits(p, 4), Trits(r, 4), x + 64, x1 + 64, x2 + 64, x3 + 64);
            Step(ref c0, ref c1, ref c2, ref c3, ref d0, ref d1, ref d2, ref d3, Trits(pp, 4), Trits(rr, 4), x + 192, x1 + 192, x2 + 192, x3 + 192);
            Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Trits(p, 6), Trits(r, 6), x + 96, x1 + 96, x2 + 96, x3 + 96);
            Step(ref c0, ref c1, ref c2, ref c3, ref d0, ref d1, ref d2, ref d3, Trits(pp, 6), Trits(rr, 6), x + 224, x1 + 224, x2 + 224, x3 + 224);
        }
        a0 += c0; a1 += c1; a2 += c2; a3 += c3;
        b0 += d0; b1 += d1; b2 += d2; b3 += d3;
        row0 = SumEach(a0, a1, a2, a3);
        row1 = SumEach(b0, b1, b2, b3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3,
        ref Vector256<int> b0, ref Vector256<int> b1, ref Vector256<int> b2, ref Vector256<int> b3,
        Vector256<byte> s, Vector256<byte> r, sbyte* x0, sbyte* x1, sbyte* x2, sbyte* x3)
    {
        Vector256<sbyte> v = Avx.LoadVector256(x0);
        a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, v); b0 = AvxVnni.MultiplyWideningAndAdd(b0, r, v);
        v = Avx.LoadVector256(x1);
        a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, v); b1 = AvxVnni.MultiplyWideningAndAdd(b1, r, v);
        v = Avx.LoadVector256(x2);
        a2 = AvxVnni.MultiplyWideningAndAdd(a2, s, v); b2 = AvxVnni.MultiplyWideningAndAdd(b2, r, v);
        v = Avx.LoadVector256(x3);
        a3 = AvxVnni.MultiplyWideningAndAdd(a3, s, v); b3 = AvxVnni.MultiplyWideningAndAdd(b3, r, v);
    }

    /// <summary><c>vpdpbusd</c> straight into int32 lanes: nothing to widen.</summary>
    internal struct DotMac : ITritMac256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Mac(Vector256<int> block, Vector256<byte> s, sbyte* x) => Dp(block, s, x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Widen(Vector256<int> acc, Vector256<int> block) => acc + block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dp(Vector256<int> acc, Vector256<byte> s, sbyte* x) =>
        AvxVnni.MultiplyWideningAndAdd(acc, s, Avx.LoadVector256(x));

    /// <summary>Decode: <see cref="DotRowMasked"/>, one row or two; prefill: <see cref="DotRows2x4"/>.</summary>
    private struct MaskedTq2 : IRowPairDot, IRowTileDot
    {
        public static int ScratchBytes => 0;

        /// <summary>The tiles read the packed rows: masking in place costs one AND per <c>vpdpbusd</c> pair.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* Prepare(byte* w, long rowBytes, int blocks, byte* scratch, out long tileRowBytes)
        {
            tileRowBytes = rowBytes;
            return w;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Tile(byte* w, long rowBytes, sbyte* x, int xStride, int blocks, out Vector128<int> row0, out Vector128<int> row1) =>
            DotRows2x4(w, rowBytes, x, xStride, blocks, out row0, out row1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x) => DotRowsMasked2(w, rowBytes, blocks, x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int One(byte* w, int blocks, sbyte* x) => DotRowMasked(w, blocks, x);
    }

    /// <summary><see cref="DotRowMasked"/> for rows w and w + rowBytes (decode, see <see cref="TernaryGemm.DecodeRowPairs{TDot}"/>): [row 0, row 1, ...].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector128<int> DotRowsMasked2(byte* w, long rowBytes, int blocks, sbyte* x)
    {
        Vector256<byte> m0 = Vector256.Create((byte)0x03), m1 = Vector256.Create((byte)0x0C);
        Vector256<byte> m2 = Vector256.Create((byte)0x30), m3 = Vector256.Create((byte)0xC0);
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        byte* v = w + rowBytes;
        byte* ahead = w + PrefetchBytes;
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, v += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights, ahead += 2 * Tq2_0.BlockBytes)
        {
            PrefetchPairStep(ahead);
            for (int half = 0; half < 64; half += 32)
            {
                Vector256<byte> p = Avx.LoadVector256(w + half), q = Avx.LoadVector256(v + half);
                sbyte* xh = x + 4 * half;
                Vector256<sbyte> xs = Avx.LoadVector256(xh);
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, p & m0, xs); b0 = AvxVnni.MultiplyWideningAndAdd(b0, q & m0, xs);
                xs = Avx.LoadVector256(xh + 32);
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, p & m1, xs); b1 = AvxVnni.MultiplyWideningAndAdd(b1, q & m1, xs);
                xs = Avx.LoadVector256(xh + 64);
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, p & m2, xs); b2 = AvxVnni.MultiplyWideningAndAdd(b2, q & m2, xs);
                xs = Avx.LoadVector256(xh + 96);
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, p & m3, xs); b3 = AvxVnni.MultiplyWideningAndAdd(b3, q & m3, xs);
            }
        }
        Vector256<int> r0 = (a0 + Avx2.ShiftRightArithmetic(a1, 2)) + (Avx2.ShiftRightArithmetic(a2, 4) + Avx2.ShiftRightArithmetic(a3, 6));
        Vector256<int> r1 = (b0 + Avx2.ShiftRightArithmetic(b1, 2)) + (Avx2.ShiftRightArithmetic(b2, 4) + Avx2.ShiftRightArithmetic(b3, 6));
        Vector256<int> h = Avx2.HorizontalAdd(r0, r1);                  // [r0 r0 r1 r1 | r0 r0 r1 r1]
        h = Avx2.HorizontalAdd(h, h);                                   // [r0 r1 r0 r1 | ...]
        return h.GetLower() + h.GetUpper();
    }

    /// <summary>
    /// sum_j x_j * s_j for one row without shifts: q &amp; (3 &lt;&lt; 2n) is the trit of weight 32n + m times 4^n
    /// (at most 128, still a valid unsigned operand), so each n gets its own accumulator and the sum is
    /// a0 + (a1 &gt;&gt; 2) + (a2 &gt;&gt; 4) + (a3 &gt;&gt; 6), exact because every lane of a_n is a multiple of 4^n
    /// (and stays below 2^31 for rows under 500,000 columns). One AND and one <c>vpdpbusd</c> per 32 weights.
    /// The software prefetch keeps enough lines in flight for one core to reach its streaming rate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DotRowMasked(byte* w, int blocks, sbyte* x)
    {
        Vector256<byte> m0 = Vector256.Create((byte)0x03), m1 = Vector256.Create((byte)0x0C);
        Vector256<byte> m2 = Vector256.Create((byte)0x30), m3 = Vector256.Create((byte)0xC0);
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Sse.Prefetch0(w + PrefetchBytes);
            Vector256<byte> p = Avx.LoadVector256(w), r = Avx.LoadVector256(w + 32);
            a0 = Dp(a0, p & m0, x); b0 = Dp(b0, r & m0, x + 128);
            a1 = Dp(a1, p & m1, x + 32); b1 = Dp(b1, r & m1, x + 160);
            a2 = Dp(a2, p & m2, x + 64); b2 = Dp(b2, r & m2, x + 192);
            a3 = Dp(a3, p & m3, x + 96); b3 = Dp(b3, r & m3, x + 224);
        }
        a0 += b0; a1 += b1; a2 += b2; a3 += b3;
        return Vector256.Sum((a0 + Avx2.ShiftRightArithmetic(a1, 2)) + (Avx2.ShiftRightArithmetic(a2, 4) + Avx2.ShiftRightArithmetic(a3, 6)));
    }
}

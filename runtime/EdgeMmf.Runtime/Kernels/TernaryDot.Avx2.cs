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
/// stay in int16 (&lt;= 4096), and one <c>vpmaddwd</c> by 1 per block widens to int32. Decode (<see cref="Tq2.Pair"/>)
/// masks two of the four shift groups in place instead of shifting them out.
/// </summary>
internal static unsafe class TernaryDotAvx2
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd)
    {
        if (job->Tokens == 1) TernaryGemm.DecodeRowPairs<Tq2>(job, rowStart, rowEnd);
        else TernaryGemm.RowTiles<Tq2>(job, rowStart, rowEnd);
    }

    /// <summary>Prefill only (several tokens): the 2-row x 4-token tiles, also run by the avx512 path (<see cref="TernaryDotAvx512"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PrefillTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.RowTiles<Tq2>(job, rowStart, rowEnd);

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

    private struct Tq2 : IRowPairDot, IRowTileDot
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

        /// <summary>Two rows of unpacked trits: one byte per weight, in column order, <see cref="TernaryGemm.TileBlocks"/> blocks a row.</summary>
        public static int ScratchBytes => 2 * UnpackedRowBytes;

        private const int UnpackedRowBytes = TernaryGemm.TileBlocks * Tq2_0.BlockWeights;

        /// <summary>
        /// Unpacks the row pair's trits once for all of its tiles: (q &gt;&gt; 2n) &amp; 3 of half h lands on columns
        /// 128 h + 32 n.., the activations' order, so a tile spends its ALU slots on <c>vpmaddubsw</c> and adds only.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* Prepare(byte* w, long rowBytes, int blocks, byte* scratch, out long tileRowBytes)
        {
            byte* t = scratch;
            for (int k = 0; k < blocks; k++, w += Tq2_0.BlockBytes, t += Tq2_0.BlockWeights)
            {
                for (int half = 0; half < 64; half += 32)
                {
                    Vector256<byte> p = Avx.LoadVector256(w + half), q = Avx.LoadVector256(w + rowBytes + half);
                    byte* th = t + 4 * half;
                    Avx.Store(th, Trits(p, 0)); Avx.Store(th + UnpackedRowBytes, Trits(q, 0));
                    Avx.Store(th + 32, Trits(p, 2)); Avx.Store(th + UnpackedRowBytes + 32, Trits(q, 2));
                    Avx.Store(th + 64, Trits(p, 4)); Avx.Store(th + UnpackedRowBytes + 64, Trits(q, 4));
                    Avx.Store(th + 96, Trits(p, 6)); Avx.Store(th + UnpackedRowBytes + 96, Trits(q, 6));
                }
            }
            tileRowBytes = UnpackedRowBytes;
            return scratch;
        }

        /// <summary>
        /// Prefill: rows s and s + rowBytes of unpacked trits (<see cref="Prepare"/>) against four tokens; each trit
        /// load feeds four tokens and each activation load both rows. A chunk of at most
        /// <see cref="TernaryGemm.TileBlocks"/> (8) blocks adds 16 products of |s x| &lt;= 256 per int16 lane and block,
        /// at most 128 products in [-32768, 32512]: exact in int16, so the sums are widened once per chunk.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Tile(byte* s, long rowBytes, sbyte* x0, int xStride, int blocks, out Vector128<int> row0, out Vector128<int> row1)
        {
            sbyte* x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            Vector256<short> a0 = Vector256<short>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            byte* r = s + rowBytes;
            for (nint o = 0; o < blocks * Tq2_0.BlockWeights; o += 128)
            {
                Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Avx.LoadVector256(s + o), Avx.LoadVector256(r + o), x0 + o, x1 + o, x2 + o, x3 + o);
                Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Avx.LoadVector256(s + o + 32), Avx.LoadVector256(r + o + 32), x0 + o + 32, x1 + o + 32, x2 + o + 32, x3 + o + 32);
                Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Avx.LoadVector256(s + o + 64), Avx.LoadVector256(r + o + 64), x0 + o + 64, x1 + o + 64, x2 + o + 64, x3 + o + 64);
                Step(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, Avx.LoadVector256(s + o + 96), Avx.LoadVector256(r + o + 96), x0 + o + 96, x1 + o + 96, x2 + o + 96, x3 + o + 96);
            }
            row0 = SumEach(Widen(a0), Widen(a1), Widen(a2), Widen(a3));
            row1 = SumEach(Widen(b0), Widen(b1), Widen(b2), Widen(b3));
        }

        /// <summary>Trit vectors s (row 0) and r (row 1) against 32 activations of each of the four tokens.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Step(
            ref Vector256<short> a0, ref Vector256<short> a1, ref Vector256<short> a2, ref Vector256<short> a3,
            ref Vector256<short> b0, ref Vector256<short> b1, ref Vector256<short> b2, ref Vector256<short> b3,
            Vector256<byte> s, Vector256<byte> r, sbyte* x0, sbyte* x1, sbyte* x2, sbyte* x3)
        {
            Vector256<sbyte> v = Avx.LoadVector256(x0);
            a0 += Avx2.MultiplyAddAdjacent(s, v); b0 += Avx2.MultiplyAddAdjacent(r, v);
            v = Avx.LoadVector256(x1);
            a1 += Avx2.MultiplyAddAdjacent(s, v); b1 += Avx2.MultiplyAddAdjacent(r, v);
            v = Avx.LoadVector256(x2);
            a2 += Avx2.MultiplyAddAdjacent(s, v); b2 += Avx2.MultiplyAddAdjacent(r, v);
            v = Avx.LoadVector256(x3);
            a3 += Avx2.MultiplyAddAdjacent(s, v); b3 += Avx2.MultiplyAddAdjacent(r, v);
        }

        /// <summary>
        /// Decode, two rows: each activation load feeds both rows, and the trits are masked in place rather than
        /// shifted out. One <c>vpsrlw</c> by 4 per 32 bytes brings the top two shift groups down, then q &amp; 3 is
        /// s and q &amp; 12 is 4 s: the s products go to one int16 sum, the 4 s products to another, and the second,
        /// a multiple of 4 in every lane, is shifted back (exact) and added to the first every two blocks. That is
        /// 28 vector ALU uops per block and row instead of 32 for three shifts per 32 bytes (docs/performance.md, "AVX2 decode").
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x)
        {
            Vector256<int> a = Vector256<int>.Zero, b = a;
            byte* v = w + rowBytes;
            byte* ahead = w + PrefetchBytes;
            int k = 0;
            for (; k + 2 <= blocks; k += 2)
            {
                Vector256<short> s = Vector256<short>.Zero, s4 = s, t = s, t4 = s;
                PairBlock(w, v, x, ahead, ref s, ref s4, ref t, ref t4);
                PairBlock(w + Tq2_0.BlockBytes, v + Tq2_0.BlockBytes, x + Tq2_0.BlockWeights, ahead + 2 * Tq2_0.BlockBytes, ref s, ref s4, ref t, ref t4);
                a += Fold(s, s4);
                b += Fold(t, t4);
                w += 2 * Tq2_0.BlockBytes; v += 2 * Tq2_0.BlockBytes; x += 2 * Tq2_0.BlockWeights; ahead += 4 * Tq2_0.BlockBytes;
            }
            if (k < blocks)
            {
                Vector256<short> s = Vector256<short>.Zero, s4 = s, t = s, t4 = s;
                PairBlock(w, v, x, ahead, ref s, ref s4, ref t, ref t4);
                a += Fold(s, s4);
                b += Fold(t, t4);
            }
            return SumEach(a, b, a, b);
        }

        /// <summary>
        /// One block of rows w and v into the s sums (s, t) and the 4 s sums (s4, t4). Stored trits are at most 3
        /// (2 in a valid file), so a <c>vpmaddubsw</c> pair is at most 2 x 12 x 128 = 3,072 in magnitude: two blocks
        /// add 8 into each 4 s lane (24,576) and 8 into each s lane (6,144), exact in int16.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void PairBlock(byte* w, byte* v, sbyte* x, byte* ahead, ref Vector256<short> s, ref Vector256<short> s4, ref Vector256<short> t, ref Vector256<short> t4)
        {
            PrefetchPairStep(ahead);
            Vector256<byte> low = Vector256.Create((byte)0x03), high = Vector256.Create((byte)0x0C);
            for (int half = 0; half < 64; half += 32)
            {
                Vector256<byte> p = Avx.LoadVector256(w + half), q = Avx.LoadVector256(v + half);
                sbyte* xh = x + 4 * half;
                Vector256<sbyte> x0 = Avx.LoadVector256(xh), x1 = Avx.LoadVector256(xh + 32);
                s += Avx2.MultiplyAddAdjacent(p & low, x0); s4 += Avx2.MultiplyAddAdjacent(p & high, x1);
                t += Avx2.MultiplyAddAdjacent(q & low, x0); t4 += Avx2.MultiplyAddAdjacent(q & high, x1);
                p = Avx2.ShiftRightLogical(p.AsUInt16(), 4).AsByte();
                q = Avx2.ShiftRightLogical(q.AsUInt16(), 4).AsByte();
                x0 = Avx.LoadVector256(xh + 64);
                x1 = Avx.LoadVector256(xh + 96);
                s += Avx2.MultiplyAddAdjacent(p & low, x0); s4 += Avx2.MultiplyAddAdjacent(p & high, x1);
                t += Avx2.MultiplyAddAdjacent(q & low, x0); t4 += Avx2.MultiplyAddAdjacent(q & high, x1);
            }
        }

        /// <summary>s + s4 / 4 widened to int32: s4 is a multiple of 4 in every lane, so the shift is exact.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Fold(Vector256<short> s, Vector256<short> s4) => Widen(s + Avx2.ShiftRightArithmetic(s4, 2));
    }
}

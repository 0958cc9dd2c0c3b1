using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static EdgeMmf.Runtime.Kernels.X86Blocks;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// AVX2 table-lookup decode over <see cref="LookupTiles"/> (T-MAC / bitnet.cpp TL1 with g = 2): no multiplies, the
/// weight indices select partial sums from the token's <see cref="ActivationLookupTables"/> with <c>vpshufb</c>,
/// one instruction per pair of weights of 16 rows per lane. The nibble planes' lookups add in int8 for four pairs
/// (|sum| &lt;= 120), then one <c>vpunpck</c> + <c>vpmaddubsw</c> by (1, 16) merges them exactly into int16 per row
/// (|.| &lt;= 1024 per step, 16 steps per 256 columns), widened to int32 per 256 columns. The row and tile loop is
/// <see cref="TernaryGemm.LookupTileRows{TTile}"/>.
/// </summary>
internal static unsafe class TernaryLookupAvx2
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.LookupTileRows<Avx2Tile>(job, rowStart, rowEnd);

    /// <summary><c>vpshufb</c> lookups on 32-byte vectors: two pairs per instruction, one per 128-bit lane.</summary>
    private struct Avx2Tile : ILookupTile
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Tile(byte* w, int blocks, byte* low, byte* high, int* sums)
        {
            Vector256<byte> nibble = Vector256.Create((byte)15);
            Vector256<byte> oneSixteen = Vector256.Create((ushort)(1 | 16 << 8)).AsByte();
            Vector256<int> rows0 = Vector256<int>.Zero, rows8 = rows0;
            for (int b = 0; b < blocks; b++)
            {
                // Lane 0: pairs 4u and 4u + 2 of each row; lane 1: 4u + 1 and 4u + 3 (rows 0-7 in a, 8-15 in c).
                Vector256<short> a = Vector256<short>.Zero, c = a;
                for (int step = 0; step < 16; step++, w += 64, low += 128, high += 128)
                {
                    Sse.Prefetch0(w + PrefetchBytes);
                    Vector256<byte> q0 = Avx.LoadVector256(w), q1 = Avx.LoadVector256(w + 32);
                    Vector256<byte> i0 = q0 & nibble, i1 = Avx2.ShiftRightLogical(q0.AsUInt16(), 4).AsByte() & nibble;
                    Vector256<byte> i2 = q1 & nibble, i3 = Avx2.ShiftRightLogical(q1.AsUInt16(), 4).AsByte() & nibble;
                    Vector256<byte> l = Avx2.Shuffle(Avx.LoadVector256(low), i0) + Avx2.Shuffle(Avx.LoadVector256(low + 32), i1)
                        + (Avx2.Shuffle(Avx.LoadVector256(low + 64), i2) + Avx2.Shuffle(Avx.LoadVector256(low + 96), i3));
                    Vector256<byte> h = Avx2.Shuffle(Avx.LoadVector256(high), i0) + Avx2.Shuffle(Avx.LoadVector256(high + 32), i1)
                        + (Avx2.Shuffle(Avx.LoadVector256(high + 64), i2) + Avx2.Shuffle(Avx.LoadVector256(high + 96), i3));
                    a += Avx2.MultiplyAddAdjacent(oneSixteen, Avx2.UnpackLow(l, h).AsSByte());
                    c += Avx2.MultiplyAddAdjacent(oneSixteen, Avx2.UnpackHigh(l, h).AsSByte());
                }
                rows0 += Avx2.ConvertToVector256Int32(a.GetLower()) + Avx2.ConvertToVector256Int32(a.GetUpper());
                rows8 += Avx2.ConvertToVector256Int32(c.GetLower()) + Avx2.ConvertToVector256Int32(c.GetUpper());
            }
            Avx.Store(sums, rows0);
            Avx.Store(sums + 8, rows8);
        }

        /// <summary>Lane 0 of a table vector is pair 2j, lane 1 pair 2j + 1; each lane's bytes are the 8 activations twice.</summary>
        public static void BuildTables(sbyte* x, int columns, byte* low, byte* high)
        {
            Vector256<byte> firstA = Vector256.Create(Vector128.Create((byte)0), Vector128.Create((byte)2));
            Vector256<byte> firstB = Vector256.Create(Vector128.Create((byte)1), Vector128.Create((byte)3));
            Vector256<byte> secondA = Vector256.Create(Vector128.Create((byte)4), Vector128.Create((byte)6));
            Vector256<byte> secondB = Vector256.Create(Vector128.Create((byte)5), Vector128.Create((byte)7));
            Vector256<sbyte> t0 = Vector256.Create(Vector128.Create(-1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0).AsSByte());
            Vector256<sbyte> t1 = Vector256.Create(Vector128.Create(-1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0).AsSByte());
            Vector256<byte> nibble = Vector256.Create((byte)15), eight = Vector256.Create((byte)8);
            for (int u = 0; u < columns / 8; u++, low += 64, high += 64)
            {
                Vector256<byte> v = Vector256.Create(*(long*)(x + 8 * u)).AsByte();
                Vector256<byte> l = v & nibble;
                Vector256<byte> h = ((Avx2.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble) ^ eight) - eight;
                Avx.Store(low, Table(l, firstA, firstB, t0, t1));
                Avx.Store(low + 32, Table(l, secondA, secondB, t0, t1));
                Avx.Store(high, Table(h, firstA, firstB, t0, t1));
                Avx.Store(high + 32, Table(h, secondA, secondB, t0, t1));
            }
        }

        /// <summary>Entry p of each lane: a t_0(p) + b t_1(p), a and b the activations the selectors pick for that lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<byte> Table(
            Vector256<byte> nibbles, Vector256<byte> selectA, Vector256<byte> selectB, Vector256<sbyte> t0, Vector256<sbyte> t1) =>
            (Avx2.Sign(Avx2.Shuffle(nibbles, selectA).AsSByte(), t0) + Avx2.Sign(Avx2.Shuffle(nibbles, selectB).AsSByte(), t1)).AsByte();
    }
}

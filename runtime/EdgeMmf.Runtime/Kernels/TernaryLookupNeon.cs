using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// ARM AdvSimd table-lookup decode over <see cref="LookupTiles"/> (T-MAC / bitnet.cpp TL1 with g = 2), the
/// <c>tbl</c> twin of <see cref="TernaryLookupAvx2"/> on the same tiles and tables: a 32-byte unit of the layout is two
/// 16-byte halves, each one <c>tbl</c> with one table register per pair of weights of 16 rows. Per plane the lookups
/// of four pairs add in int8 (low nibbles |sum| &lt;= 120, high &lt;= 64), then <c>saddw</c>/<c>saddw2</c> add them into
/// int16 per row and plane (|.| &lt;= 240 and 128 per step, 16 steps per 256 columns: within 3840), and per 256
/// columns <c>sshll</c> by 4 and <c>saddw</c> merge the planes exactly into int32 (x = 16 h + l). No multiplies.
/// </summary>
internal static unsafe class TernaryLookupNeon
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.LookupTileRows<TblTile>(job, rowStart, rowEnd);

    /// <summary><c>tbl</c> lookups on 16-byte vectors: one pair of 16 rows per instruction.</summary>
    private struct TblTile : ILookupTile
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Tile(byte* w, int blocks, byte* low, byte* high, int* sums)
        {
            Vector128<byte> nibble = Vector128.Create((byte)15);
            Vector128<int> rows0 = Vector128<int>.Zero, rows4 = rows0, rows8 = rows0, rows12 = rows0;
            for (int b = 0; b < blocks; b++)
            {
                // Per plane, rows 0-7 and 8-15 of the block's sums in int16.
                Vector128<short> low0 = Vector128<short>.Zero, low8 = low0, high0 = low0, high8 = low0;
                for (int step = 0; step < 16; step++, w += 64, low += 128, high += 128)
                {
                    // The step's pairs 0..7: low nibbles of halves 0, 1, high nibbles of 0, 1, then the same of halves 2, 3.
                    Vector128<byte> q0 = Vector128.Load(w), q1 = Vector128.Load(w + 16), q2 = Vector128.Load(w + 32), q3 = Vector128.Load(w + 48);
                    Vector128<byte> i0 = q0 & nibble, i1 = q1 & nibble, i2 = AdvSimd.ShiftRightLogical(q0, 4), i3 = AdvSimd.ShiftRightLogical(q1, 4);
                    Vector128<byte> i4 = q2 & nibble, i5 = q3 & nibble, i6 = AdvSimd.ShiftRightLogical(q2, 4), i7 = AdvSimd.ShiftRightLogical(q3, 4);
                    Vector128<sbyte> lowEven = Sum4(low, i0, i2, i4, i6), lowOdd = Sum4(low + 16, i1, i3, i5, i7);
                    Vector128<sbyte> highEven = Sum4(high, i0, i2, i4, i6), highOdd = Sum4(high + 16, i1, i3, i5, i7);
                    low0 = AdvSimd.AddWideningLower(AdvSimd.AddWideningLower(low0, lowEven.GetLower()), lowOdd.GetLower());
                    low8 = AdvSimd.AddWideningUpper(AdvSimd.AddWideningUpper(low8, lowEven), lowOdd);
                    high0 = AdvSimd.AddWideningLower(AdvSimd.AddWideningLower(high0, highEven.GetLower()), highOdd.GetLower());
                    high8 = AdvSimd.AddWideningUpper(AdvSimd.AddWideningUpper(high8, highEven), highOdd);
                }
                rows0 = AdvSimd.AddWideningLower(rows0 + AdvSimd.ShiftLeftLogicalWideningLower(high0.GetLower(), 4), low0.GetLower());
                rows4 = AdvSimd.AddWideningUpper(rows4 + AdvSimd.ShiftLeftLogicalWideningUpper(high0, 4), low0);
                rows8 = AdvSimd.AddWideningLower(rows8 + AdvSimd.ShiftLeftLogicalWideningLower(high8.GetLower(), 4), low8.GetLower());
                rows12 = AdvSimd.AddWideningUpper(rows12 + AdvSimd.ShiftLeftLogicalWideningUpper(high8, 4), low8);
            }
            rows0.Store(sums);
            rows4.Store(sums + 4);
            rows8.Store(sums + 8);
            rows12.Store(sums + 12);
        }

        /// <summary>Four pairs' lookups added in int8: the tables at t, t + 32, t + 64, t + 96 (pairs 2 apart).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<sbyte> Sum4(byte* t, Vector128<byte> i0, Vector128<byte> i1, Vector128<byte> i2, Vector128<byte> i3) =>
            (AdvSimd.Arm64.VectorTableLookup(Vector128.Load(t), i0) + AdvSimd.Arm64.VectorTableLookup(Vector128.Load(t + 32), i1)
                + (AdvSimd.Arm64.VectorTableLookup(Vector128.Load(t + 64), i2) + AdvSimd.Arm64.VectorTableLookup(Vector128.Load(t + 96), i3))).AsSByte();

        /// <summary>x = 16 h + l per activation (<c>and</c>, <c>sshr</c>), then each pair's 16-byte table of both planes.</summary>
        public static void BuildTables(sbyte* x, int columns, byte* low, byte* high)
        {
            Vector128<sbyte> nibble = Vector128.Create((sbyte)15);
            for (int u = 0; u < columns / 8; u++, low += 64, high += 64)
            {
                Vector128<sbyte> v = Vector128.CreateScalar(*(long*)(x + 8 * u)).AsSByte();
                StoreTables(v & nibble, low);
                StoreTables(AdvSimd.ShiftRightArithmetic(v, 4), high);
            }
        }

        /// <summary>The tables of the four pairs of 8 nibbles n at t, t + 16, t + 32, t + 48.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreTables(Vector128<sbyte> n, byte* t)
        {
            Table(AdvSimd.DuplicateSelectedScalarToVector128(n, 0), AdvSimd.DuplicateSelectedScalarToVector128(n, 1)).Store(t);
            Table(AdvSimd.DuplicateSelectedScalarToVector128(n, 2), AdvSimd.DuplicateSelectedScalarToVector128(n, 3)).Store(t + 16);
            Table(AdvSimd.DuplicateSelectedScalarToVector128(n, 4), AdvSimd.DuplicateSelectedScalarToVector128(n, 5)).Store(t + 32);
            Table(AdvSimd.DuplicateSelectedScalarToVector128(n, 6), AdvSimd.DuplicateSelectedScalarToVector128(n, 7)).Store(t + 48);
        }

        /// <summary>Entry p = 3 s_0 + s_1: a t_0(p) + b t_1(p) (<c>mul</c> + <c>mla</c>; |.| &lt;= 30), entries 9..15 zero.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> Table(Vector128<sbyte> a, Vector128<sbyte> b)
        {
            Vector128<sbyte> t0 = Vector128.Create(-1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
            Vector128<sbyte> t1 = Vector128.Create(-1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
            return AdvSimd.MultiplyAdd(AdvSimd.Multiply(a, t0), b, t1).AsByte();
        }
    }
}

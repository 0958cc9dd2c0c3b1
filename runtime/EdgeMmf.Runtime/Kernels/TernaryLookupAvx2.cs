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
/// (|.| &lt;= 1024 per step, 16 steps per 256 columns), widened to int32 per 256 columns. Sums are of t, not s: no
/// activation-sum correction. Every token of the job gets its own tables (decode has one).
/// </summary>
internal static unsafe class TernaryLookupAvx2
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(TernaryJob* job, int rowStart, int rowEnd)
    {
        int columns = job->XStride;
        long tileBytes = LookupTiles.TileBytes(columns);
        int firstTile = rowStart / LookupTiles.TileRows, endTile = LookupTiles.Tiles(rowEnd);
        int* rows = stackalloc int[LookupTiles.TileRows];
        for (int token = 0; token < job->Tokens; token++)
        {
            ActivationLookupTables tables = ActivationLookupTables.For(job->X + (long)token * job->XStride, columns);
            int* acc = job->Acc + (long)token * job->AccStride;
            for (int tile = firstTile; tile < endTile; tile++)
            {
                int first = tile * LookupTiles.TileRows;
                if (first >= rowStart && first + LookupTiles.TileRows <= rowEnd)
                {
                    Tile(job->Weights + tile * tileBytes, job->Blocks, tables.Low, tables.High, acc + first);
                    continue;
                }
                // A tile split between row ranges (threads, chunks): all 16 sums, only this range's stored.
                Tile(job->Weights + tile * tileBytes, job->Blocks, tables.Low, tables.High, rows);
                for (int r = Math.Max(first, rowStart); r < Math.Min(first + LookupTiles.TileRows, rowEnd); r++)
                    acc[r] = rows[r - first];
            }
        }
    }

    /// <summary>sum_j x_j t_rj for the 16 rows of one tile, into sums[0..15].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(byte* w, int blocks, byte* low, byte* high, int* sums)
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
}

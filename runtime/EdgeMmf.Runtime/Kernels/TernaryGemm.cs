using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// The one row/thread driver of every vector path (ggml's <c>mul_mat_one_chunk</c>): rows [rowStart, rowEnd) of a
/// <see cref="TernaryJob"/>, each path supplying only its block operations as a struct (<see cref="IRowDot"/>,
/// <see cref="IRowPairDot"/>, <see cref="IRowTileDot"/>, <see cref="ILookupTile"/>). Generic over the struct, so each path gets its own specialized copy
/// with direct calls (a function pointer per row cost ~5% of decode). acc = sum_j x_j * s_j - sum_j x_j = sum_j x_j * t_j
/// (docs/model-spec.md "BitLinear" step 4).
/// </summary>
internal static unsafe class TernaryGemm
{
    /// <summary>Row by row, tokens four at a time: a row is unpacked once per four prompt tokens (decode: one token).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, IRowDot
    {
        int tokens = job->Tokens;
        long stride = job->AccStride;
        for (int row = rowStart; row < rowEnd; row++)
        {
            byte* w = job->Weights + (long)row * job->RowBytes;
            int token = 0;
            for (; token + 4 <= tokens; token += 4)
            {
                Vector128<int> sums = TDot.Four(w, job->Blocks, job->X + (long)token * job->XStride, job->XStride)
                    - Vector128.Load(job->XSums + token);
                int* acc = job->Acc + token * stride + row;
                acc[0] = sums.GetElement(0);
                acc[stride] = sums.GetElement(1);
                acc[2 * stride] = sums.GetElement(2);
                acc[3 * stride] = sums.GetElement(3);
            }
            for (; token < tokens; token++)
                job->Acc[token * stride + row] =
                    TDot.One(w, job->Blocks, job->X + (long)token * job->XStride) - job->XSums[token];
        }
    }

    /// <summary>
    /// Blocks per column chunk of <see cref="RowTiles{TDot}"/>: 2048 activations per token, so a tile's four tokens
    /// (8 KB) stay in L1 while every row pair of the range passes over them, and few enough that int16 sums of one
    /// chunk stay exact (<see cref="TernaryDotAvx2"/>).
    /// </summary>
    public const int TileBlocks = 8;

    /// <summary>
    /// Prefill (several tokens): columns in chunks of <see cref="TileBlocks"/>, and within a chunk tiles of two
    /// adjacent rows by four tokens (<see cref="IRowTileDot"/>), each row pair prepared once (unpacked, where the path
    /// does) for all its tiles; the chunk's sums are added to the outputs, the first chunk's less sum_j x_j. A last odd
    /// row and the tokens after the last four go one row and token at a time from the packed rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowTiles<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, IRowTileDot
    {
        int tokens = job->Tokens;
        int blocks = job->Blocks;
        long rowBytes = job->RowBytes;
        long stride = job->AccStride;
        byte* scratch = stackalloc byte[TDot.ScratchBytes + 32];
        scratch = (byte*)(((nint)scratch + 31) & ~(nint)31);
        for (int c0 = 0; c0 < blocks; c0 += TileBlocks)
        {
            int cb = Math.Min(TileBlocks, blocks - c0);
            bool first = c0 == 0;
            int row = rowStart;
            for (; row + 2 <= rowEnd; row += 2)
            {
                byte* w = job->Weights + row * rowBytes + c0 * Tq2_0.BlockBytes;
                int token = 0;
                long tileRowBytes = 0;
                byte* tile = tokens >= 4 ? TDot.Prepare(w, rowBytes, cb, scratch, out tileRowBytes) : null;
                for (; token + 4 <= tokens; token += 4)
                {
                    sbyte* x = job->X + token * (long)job->XStride + c0 * Tq2_0.BlockWeights;
                    TDot.Tile(tile, tileRowBytes, x, job->XStride, cb, out Vector128<int> r0, out Vector128<int> r1);
                    int* acc = job->Acc + token * stride + row;
                    for (int k = 0; k < 4; k++)
                    {
                        int a = r0.GetElement(k), b = r1.GetElement(k);
                        if (first) { a -= job->XSums[token + k]; b -= job->XSums[token + k]; }
                        else { a += acc[k * stride]; b += acc[k * stride + 1]; }
                        acc[k * stride] = a;
                        acc[k * stride + 1] = b;
                    }
                }
                for (; token < tokens; token++)
                {
                    sbyte* x = job->X + token * (long)job->XStride + c0 * Tq2_0.BlockWeights;
                    int* acc = job->Acc + token * stride + row;
                    int a = TDot.One(w, cb, x), b = TDot.One(w + rowBytes, cb, x);
                    acc[0] = first ? a - job->XSums[token] : acc[0] + a;
                    acc[1] = first ? b - job->XSums[token] : acc[1] + b;
                }
            }
            for (; row < rowEnd; row++)
            {
                byte* w = job->Weights + row * rowBytes + c0 * Tq2_0.BlockBytes;
                for (int token = 0; token < tokens; token++)
                {
                    int a = TDot.One(w, cb, job->X + token * (long)job->XStride + c0 * Tq2_0.BlockWeights);
                    int* acc = job->Acc + token * stride + row;
                    acc[0] = first ? a - job->XSums[token] : acc[0] + a;
                }
            }
        }
    }

    /// <summary>
    /// Decode (one token): adjacent rows two at a time, so each activation load in the path's pair operation feeds
    /// both rows (one row per pass spends most load slots on activations); a last odd row alone. Two adjacent rows
    /// are still one contiguous stream.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DecodeRowPairs<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, IRowPairDot
    {
        long rowBytes = job->RowBytes;
        int sum = job->XSums[0];
        int row = rowStart;
        for (; row + 2 <= rowEnd; row += 2)
        {
            Vector128<int> sums = TDot.Pair(job->Weights + row * rowBytes, rowBytes, job->Blocks, job->X);
            job->Acc[row] = sums.ToScalar() - sum;
            job->Acc[row + 1] = sums.GetElement(1) - sum;
        }
        if (row < rowEnd)
            job->Acc[row] = TDot.One(job->Weights + row * rowBytes, job->Blocks, job->X) - sum;
    }

    /// <summary>
    /// Table-lookup decode over <see cref="LookupTiles"/>: rows [rowStart, rowEnd) a tile of 16 at a time
    /// from each token's <see cref="ActivationLookupTables"/>. Sums are of t, not s: no activation-sum correction.
    /// A tile split between row ranges (threads, chunks) is summed whole and only this range's rows stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LookupTileRows<TTile>(TernaryJob* job, int rowStart, int rowEnd) where TTile : struct, ILookupTile
    {
        int columns = job->XStride;
        long tileBytes = LookupTiles.TileBytes(columns);
        const int tileRows = LookupTiles.TileRows;
        int firstTile = rowStart / tileRows, endTile = LookupTiles.Tiles(rowEnd);
        int* rows = stackalloc int[tileRows];
        for (int token = 0; token < job->Tokens; token++)
        {
            ActivationLookupTables tables = ActivationLookupTables.For<TTile>(job->X + (long)token * job->XStride, columns);
            int* acc = job->Acc + (long)token * job->AccStride;
            for (int tile = firstTile; tile < endTile; tile++)
            {
                int first = tile * tileRows;
                if (first >= rowStart && first + tileRows <= rowEnd)
                {
                    TTile.Tile(job->Weights + tile * tileBytes, job->Blocks, tables.Low, tables.High, acc + first);
                    continue;
                }
                TTile.Tile(job->Weights + tile * tileBytes, job->Blocks, tables.Low, tables.High, rows);
                for (int r = Math.Max(first, rowStart); r < Math.Min(first + tileRows, rowEnd); r++)
                    acc[r] = rows[r - first];
            }
        }
    }

    /// <summary><see cref="DecodeRowPairs{TDot}"/> for one token, <see cref="Rows{TDot}"/> for a prompt.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PairedRows<TDot>(TernaryJob* job, int rowStart, int rowEnd) where TDot : struct, IRowDot, IRowPairDot
    {
        if (job->Tokens == 1) DecodeRowPairs<TDot>(job, rowStart, rowEnd);
        else Rows<TDot>(job, rowStart, rowEnd);
    }
}

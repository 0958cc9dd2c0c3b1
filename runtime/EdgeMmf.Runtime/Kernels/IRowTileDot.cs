using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A path's prefill operation for <see cref="TernaryGemm.RowTiles{TDot}"/>: two adjacent rows against four tokens over
/// a chunk of at most <see cref="TernaryGemm.TileBlocks"/> blocks, so each unpacked trit vector feeds four tokens and
/// each activation load two rows. Sums are of the stored s (the driver subtracts sum_j x_j once per row and token).
/// </summary>
internal unsafe interface IRowTileDot
{
    /// <summary>Rows w and w + rowBytes against tokens x, x + xStride, x + 2 xStride, x + 3 xStride: token k's sums in lane k.</summary>
    static abstract void Tile(byte* w, long rowBytes, sbyte* x, int xStride, int blocks, out Vector128<int> row0, out Vector128<int> row1);

    /// <summary>One row against one token (the tails: a last odd row, the tokens after the last four).</summary>
    static abstract int One(byte* w, int blocks, sbyte* x);
}

using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A path's prefill operation for <see cref="TernaryGemm.RowTiles{TDot}"/>: two adjacent rows against four tokens over
/// a chunk of at most <see cref="TernaryGemm.TileBlocks"/> blocks, so each trit vector feeds four tokens and each
/// activation load two rows. Sums are of the stored s (the driver subtracts sum_j x_j once per row and token).
/// </summary>
internal unsafe interface IRowTileDot
{
    /// <summary>Bytes of scratch <see cref="Prepare"/> writes for one row pair of a chunk; 0 where it reads the packed rows.</summary>
    static abstract int ScratchBytes { get; }

    /// <summary>
    /// Once per row pair and chunk, before its tiles: what <see cref="Tile"/> reads for rows w and w + rowBytes, either
    /// the packed rows themselves or their trits unpacked into <paramref name="scratch"/> (32-byte aligned), and the
    /// distance from the first row's bytes to the second's there.
    /// </summary>
    static abstract byte* Prepare(byte* w, long rowBytes, int blocks, byte* scratch, out long tileRowBytes);

    /// <summary>
    /// Rows w and w + rowBytes (as <see cref="Prepare"/> returned them) against tokens x, x + xStride, x + 2 xStride,
    /// x + 3 xStride: token k's sums in lane k.
    /// </summary>
    static abstract void Tile(byte* w, long rowBytes, sbyte* x, int xStride, int blocks, out Vector128<int> row0, out Vector128<int> row1);

    /// <summary>One packed row against one token (the tails: a last odd row, the tokens after the last four).</summary>
    static abstract int One(byte* w, int blocks, sbyte* x);
}

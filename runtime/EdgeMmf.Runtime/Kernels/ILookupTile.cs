namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A path's operations for the table-lookup decode driven by <see cref="TernaryGemm.LookupTileRows{TTile}"/>: the
/// token's tables (<see cref="ActivationLookupTables"/>) and the sums of one tile of <see cref="LookupTiles"/>.
/// Both read and write the same bytes on every path (<c>vpshufb</c> on x86 and <c>tbl</c> on ARM look up 16-byte tables alike).
/// </summary>
internal unsafe interface ILookupTile
{
    /// <summary>
    /// The tables of <paramref name="columns"/> activations (a multiple of 8): for pair k, 16 bytes at
    /// <paramref name="low"/> + 16 k (sums of the low nibbles) and at <paramref name="high"/> + 16 k (high nibbles).
    /// </summary>
    static abstract void BuildTables(sbyte* x, int columns, byte* low, byte* high);

    /// <summary>sum_j x_j t_rj for the 16 rows of the tile at <paramref name="w"/>, into sums[0..15].</summary>
    static abstract void Tile(byte* w, int blocks, byte* low, byte* high, int* sums);
}

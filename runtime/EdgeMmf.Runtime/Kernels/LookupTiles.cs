using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// The weight layout of the table-lookup decode kernel (<see cref="TernaryLookupAvx2"/>; T-MAC, EuroSys 2025, and
/// bitnet.cpp's TL1), repacked from TQ2_0 at load: weights in pairs (g = 2), each pair's two trits one of the
/// 9 patterns p = 3 s_0 + s_1 (s = t + 1), a 4-bit index into that activation pair's table of 9 partial sums.
/// Rows in tiles of <see cref="TileRows"/>, so one <c>vpshufb</c> looks up one pair of 16 rows per 128-bit lane.
/// A tile is PaddedColumns / 8 units of 32 bytes; unit u holds pairs 4u..4u+3 of the tile's rows:
/// byte r = p(r, 4u) | p(r, 4u + 2) &lt;&lt; 4 and byte 16 + r = p(r, 4u + 1) | p(r, 4u + 3) &lt;&lt; 4, so the low nibbles
/// are pairs (4u, 4u + 1) in the two lanes and the high nibbles pairs (4u + 2, 4u + 3): the order of the tables.
/// 2 bits per weight like TQ2_0 (without its unused per-block scale); rows past the last pad a tile with pattern 4 (0, 0).
/// </summary>
public static unsafe class LookupTiles
{
    public const int TileRows = 16;

    /// <summary>Bytes of one tile: 16 rows of 2 bits per weight.</summary>
    public static long TileBytes(int paddedColumns) => (long)paddedColumns * TileRows / 4;

    /// <summary>Tiles of <paramref name="rows"/> rows (the last one padded).</summary>
    public static int Tiles(int rows) => (rows + TileRows - 1) / TileRows;

    /// <summary>Bytes of the repacked layout of <paramref name="m"/>.</summary>
    public static long BytesFor(TernaryMatrix m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return Tiles(m.Rows) * TileBytes(m.PaddedColumns);
    }

    /// <summary>Writes the repacked layout of TQ2_0 matrix <paramref name="m"/> to <paramref name="destination"/> (<see cref="BytesFor"/> bytes).</summary>
    public static void Repack(TernaryMatrix m, byte* destination)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Format != TernaryFormat.Tq2_0)
            throw new ArgumentException($"{m.Name}: lookup tiles are repacked from TQ2_0 rows, not {m.Format.Traits().Name}.", nameof(m));
        int columns = m.PaddedColumns, units = columns / 8;
        var t = new sbyte[TileRows * columns];
        for (int tile = 0; tile < Tiles(m.Rows); tile++)
        {
            for (int r = 0; r < TileRows; r++)
            {
                Span<sbyte> row = t.AsSpan(r * columns, columns);
                if (tile * TileRows + r < m.Rows) m.Format.Traits().UnpackRow(m.Row(tile * TileRows + r), row);
                else row.Clear();
            }
            byte* unit = destination + tile * TileBytes(columns);
            for (int u = 0; u < units; u++, unit += 32)
                for (int r = 0; r < TileRows; r++)
                {
                    ReadOnlySpan<sbyte> row = t.AsSpan(r * columns + 8 * u, 8);
                    unit[r] = (byte)(Pattern(row[0], row[1]) | Pattern(row[4], row[5]) << 4);
                    unit[16 + r] = (byte)(Pattern(row[2], row[3]) | Pattern(row[6], row[7]) << 4);
                }
        }
    }

    /// <summary>p = 3 s_0 + s_1 with s = t + 1: 0..8 (padding rows, t = 0, get 4).</summary>
    private static int Pattern(sbyte t0, sbyte t1) => 3 * (t0 + 1) + t1 + 1;
}

using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// The same random ternary weights packed twice, in TQ2_0 and in TQ1_0, shaped as a model's decode reads them: each
/// layer's i, f, g (one call), o, gate|up and down projections, then lm_head, with as many layers as it takes for the
/// TQ1_0 copy to reach a minimum size (by default well beyond the last-level cache), so that cycling through the set
/// streams every weight from memory as decode does. What <see cref="FormatDecodeBenchmark"/> times.
/// Rows repeat with a period of 64 (copied, not drawn, so the set is built in a fraction of a second); the kernels'
/// speed does not depend on the values, and memory holds every copy apart.
/// </summary>
public sealed unsafe class FormatWeightSet : IDisposable
{
    /// <summary>Distinct random rows per column count; a multiple of <see cref="LookupTiles.TileRows"/>.</summary>
    private const int PeriodRows = 64;

    /// <summary>Matrices per layer in call order: i, f, g, o, gate|up, down.</summary>
    private const int MatricesPerLayer = 6;

    /// <summary>The least size of the TQ1_0 copy: 64 MiB.</summary>
    public const long MinimumBytesFloor = 64L << 20;

    private readonly NativeBuffer[] _buffers;

    /// <summary>Builds the set for <paramref name="config"/>'s shape.</summary>
    /// <param name="config">The model shape: hidden, recurrent and intermediate widths and the vocabulary.</param>
    /// <param name="minimumBytes">The least size of the TQ1_0 copy (the smaller); layers are added until it is reached.</param>
    /// <param name="lookupTiles">Also repack the TQ2_0 copy for the table-lookup decode (<see cref="KernelPath.Avx2Lut"/>, <see cref="KernelPath.NeonLut"/>).</param>
    /// <param name="seed">Seeds the weights.</param>
    public FormatWeightSet(HgrnBitConfig config, long minimumBytes, bool lookupTiles = false, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumBytes);
        int h = config.HiddenSize, d = config.RecurrentWidth, inter = config.IntermediateSize;
        (int Rows, int Columns)[] layer = [(d, h), (d, h), (d, h), (h, d), (2 * inter, h), (h, inter)];
        (int Rows, int Columns) head = (config.VocabSize, h);
        long layerBytes = 0;
        foreach ((int rows, int columns) in layer) layerBytes += Bytes(TernaryFormat.Tq1_0, rows, columns);
        long remaining = minimumBytes - Bytes(TernaryFormat.Tq1_0, head.Rows, head.Columns);
        Layers = (int)Math.Clamp((remaining + layerBytes - 1) / layerBytes, 1, int.MaxValue / MatricesPerLayer - 1);
        var shapes = new (int Rows, int Columns)[Layers * MatricesPerLayer + 1];
        for (int n = 0; n < Layers; n++) layer.CopyTo(shapes, n * MatricesPerLayer);
        shapes[^1] = head;
        foreach ((int rows, int columns) in shapes) Weights += (long)rows * TernaryMatrix.PadColumns(columns);
        WeightsPerToken = config.TernaryWeights;

        var random = new Xoshiro256StarStar(seed);
        var sources = new Dictionary<int, byte[][]>();   // columns -> the period's rows packed in each format
        foreach ((_, int columns) in shapes)
            if (!sources.ContainsKey(columns)) sources[columns] = PackPeriod(columns, random);

        _buffers = new NativeBuffer[lookupTiles ? 3 : 2];
        Tq2 = Fill(TernaryFormat.Tq2_0, shapes, sources, 0);
        Tq1 = Fill(TernaryFormat.Tq1_0, shapes, sources, 1);
        if (lookupTiles) Tq2 = AddLookupTiles(Tq2, sources);
    }

    /// <summary>
    /// The default <c>minimumBytes</c>: twice the last-level cache (<see cref="LastLevelCache"/>), at least
    /// <see cref="MinimumBytesFloor"/> and at most 1 GiB.
    /// </summary>
    public static long DefaultMinimumBytes => Math.Clamp(2 * LastLevelCache.Bytes, MinimumBytesFloor, 1L << 30);

    /// <summary>Layers in the set (the model's own count plays no part: only its widths do).</summary>
    public int Layers { get; }

    /// <summary>Ternary weights in the set (padded columns), the same in both copies.</summary>
    public long Weights { get; }

    /// <summary>Ternary weights the model of this shape reads per token: turns weights/s into tokens/s.</summary>
    public long WeightsPerToken { get; }

    /// <summary>The TQ2_0 copy, in call order: per layer i, f, g, o, gate|up, down; then lm_head.</summary>
    public IReadOnlyList<TernaryMatrix> Tq2 { get; }

    /// <summary>The TQ1_0 copy, matrix for matrix the same weights as <see cref="Tq2"/>.</summary>
    public IReadOnlyList<TernaryMatrix> Tq1 { get; }

    /// <summary>Whether the TQ2_0 copy carries <see cref="TernaryMatrix.LookupTiles"/>.</summary>
    public bool HasLookupTiles => _buffers.Length == 3;

    /// <summary>The copy in <paramref name="format"/>.</summary>
    public IReadOnlyList<TernaryMatrix> In(TernaryFormat format) => format == TernaryFormat.Tq1_0 ? Tq1 : Tq2;

    /// <summary>Packed bytes of the copy in <paramref name="format"/> (lookup tiles not counted).</summary>
    public long BytesIn(TernaryFormat format) => Weights / TernaryFormatTraits.BlockWeights * format.Traits().BlockBytes;

    /// <summary>Frees both copies; the matrices must not be used after.</summary>
    public void Dispose()
    {
        foreach (NativeBuffer b in _buffers) b?.Dispose();
    }

    private static long Bytes(TernaryFormat format, int rows, int columns) => (long)rows * format.Traits().RowBytes(TernaryMatrix.PadColumns(columns));

    private static long Aligned(long bytes) => (bytes + 63) & ~63L;

    /// <summary>The period's random rows of <paramref name="columns"/> weights, packed in TQ2_0 (index 0) and TQ1_0 (index 1).</summary>
    private static byte[][] PackPeriod(int columns, Xoshiro256StarStar random)
    {
        int padded = TernaryMatrix.PadColumns(columns);
        var row = new sbyte[padded];
        var packed = new byte[2][];
        for (int f = 0; f < 2; f++) packed[f] = new byte[PeriodRows * TernaryFormatTraits.All[f].RowBytes(padded)];
        for (int r = 0; r < PeriodRows; r++)
        {
            for (int c = 0; c < columns; c++) row[c] = (sbyte)((int)(random.NextUInt64() % 3) - 1);
            for (int f = 0; f < 2; f++)
            {
                int rowBytes = TernaryFormatTraits.All[f].RowBytes(padded);
                TernaryFormatTraits.All[f].PackRow(row, packed[f].AsSpan(r * rowBytes, rowBytes));
            }
        }
        return packed;
    }

    /// <summary>Matrix k's first row is the period's row 16 (k mod 4): neighbours differ, and whole tiles repeat.</summary>
    private static int FirstRow(int k) => LookupTiles.TileRows * (k % (PeriodRows / LookupTiles.TileRows));

    private TernaryMatrix[] Fill(TernaryFormat format, (int Rows, int Columns)[] shapes, Dictionary<int, byte[][]> sources, int slot)
    {
        long total = 64;
        foreach ((int rows, int columns) in shapes) total += Aligned(Bytes(format, rows, columns));
        var buffer = _buffers[slot] = new NativeBuffer(total, hugePages: true, zeroed: false);
        var matrices = new TernaryMatrix[shapes.Length];
        long used = 0;
        for (int k = 0; k < shapes.Length; k++)
        {
            (int rows, int columns) = shapes[k];
            int rowBytes = format.Traits().RowBytes(TernaryMatrix.PadColumns(columns));
            byte[] period = sources[columns][(int)format];
            byte* at = buffer.Pointer + used;
            for (int r = 0, source = FirstRow(k); r < rows;)
            {
                int run = Math.Min(rows - r, PeriodRows - source);
                period.AsSpan(source * rowBytes, run * rowBytes).CopyTo(new Span<byte>(at + (long)r * rowBytes, run * rowBytes));
                r += run;
                source = (source + run) % PeriodRows;
            }
            matrices[k] = new TernaryMatrix($"{format.Traits().Name}.{k}", rows, columns, 1f, at, (long)rows * rowBytes, format);
            used += Aligned((long)rows * rowBytes);
        }
        new Span<byte>(buffer.Pointer + used, (int)(total - used)).Clear();
        return matrices;
    }

    /// <summary>
    /// The TQ2_0 matrices with lookup tiles: the period's tiles are repacked once per column count and copied, since
    /// whole tiles repeat; a matrix whose rows are not whole tiles is repacked itself.
    /// </summary>
    private TernaryMatrix[] AddLookupTiles(IReadOnlyList<TernaryMatrix> tq2, Dictionary<int, byte[][]> sources)
    {
        long total = 64;
        foreach (TernaryMatrix m in tq2) total += Aligned(LookupTiles.BytesFor(m));
        var buffer = _buffers[2] = new NativeBuffer(total, hugePages: true, zeroed: false);
        var periodTiles = new Dictionary<int, byte[]>();
        foreach ((int columns, byte[][] packed) in sources)
        {
            int padded = TernaryMatrix.PadColumns(columns);
            long tileBytes = LookupTiles.TileBytes(padded) * (PeriodRows / LookupTiles.TileRows);
            var tiles = new byte[tileBytes];
            fixed (byte* rows = packed[0])
            fixed (byte* destination = tiles)
                LookupTiles.Repack(new TernaryMatrix("period", PeriodRows, columns, 1f, rows, packed[0].Length, TernaryFormat.Tq2_0), destination);
            periodTiles[columns] = tiles;
        }
        var matrices = new TernaryMatrix[tq2.Count];
        long used = 0;
        for (int k = 0; k < tq2.Count; k++)
        {
            TernaryMatrix m = tq2[k];
            byte* at = buffer.Pointer + used;
            if (m.Rows % LookupTiles.TileRows != 0) LookupTiles.Repack(m, at);
            else
            {
                long tileBytes = LookupTiles.TileBytes(m.PaddedColumns);
                byte[] period = periodTiles[m.Columns];
                int periodTileCount = PeriodRows / LookupTiles.TileRows;
                for (int t = 0; t < LookupTiles.Tiles(m.Rows); t++)
                {
                    int source = (FirstRow(k) / LookupTiles.TileRows + t) % periodTileCount;
                    period.AsSpan((int)(source * tileBytes), (int)tileBytes).CopyTo(new Span<byte>(at + t * tileBytes, (int)tileBytes));
                }
            }
            matrices[k] = new TernaryMatrix(m.Name, m.Rows, m.Columns, m.WeightScale, m.Packed, m.PackedBytes, m.Format) { LookupTiles = at };
            used += Aligned(LookupTiles.BytesFor(m));
        }
        new Span<byte>(buffer.Pointer + used, (int)(total - used)).Clear();
        return matrices;
    }
}

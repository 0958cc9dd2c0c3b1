using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Testing;

/// <summary>
/// The one random-matrix fixture of the runtime tests, the bridge tests and the benchmarks: random ternary weights kept
/// unpacked (<see cref="Ternary"/>, for sums independent of every kernel) and packed in the format's blocks in pinned,
/// 64-byte aligned memory behind a <see cref="TernaryMatrix"/>. Columns past the matrix's own are zero padding, as the
/// runtime stores them, and 64 bytes past the last row stay unused: no kernel may read them.
/// </summary>
internal sealed unsafe class RandomTernaryMatrix
{
    private readonly byte[] _storage; // pinned (POH): TernaryMatrix keeps only an address into it

    public RandomTernaryMatrix(string name, int rows, int columns, int seed, float weightScale = 0.75f, TernaryFormat format = TernaryFormat.Tq2_0)
        : this(name, rows, columns, format, new Random(seed), weight: null, weightScale)
    {
    }

    /// <param name="weight">Draws each weight (default: -1, 0 or +1 uniformly), e.g. all +1 for the widest sums.</param>
    public RandomTernaryMatrix(int rows, int columns, TernaryFormat format, Random random, Func<Random, sbyte>? weight = null)
        : this($"test.{rows}x{columns}.{format}", rows, columns, format, random, weight, 0.5f)
    {
    }

    private RandomTernaryMatrix(string name, int rows, int columns, TernaryFormat format, Random random, Func<Random, sbyte>? weight, float weightScale)
    {
        TernaryFormatTraits traits = format.Traits();
        int padded = TernaryMatrix.PadColumns(columns);
        int rowBytes = traits.RowBytes(padded);
        long bytes = (long)rows * rowBytes;
        _storage = GC.AllocateArray<byte>(checked((int)bytes + 64 + 64), pinned: true);
        byte* base64 = (byte*)(((nint)Marshal.UnsafeAddrOfPinnedArrayElement(_storage, 0) + 63) & ~(nint)63);
        Ternary = new sbyte[rows * padded];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) Ternary[r * padded + c] = weight?.Invoke(random) ?? (sbyte)(random.Next(3) - 1);
            traits.PackRow(Ternary.AsSpan(r * padded, padded), new Span<byte>(base64 + (long)r * rowBytes, rowBytes));
        }
        Matrix = new TernaryMatrix(name, rows, columns, weightScale, base64, bytes, format);
    }

    public TernaryMatrix Matrix { get; }

    /// <summary>The weights, row-major, <see cref="TernaryMatrix.PaddedColumns"/> per row (zero past the matrix's columns).</summary>
    public sbyte[] Ternary { get; }

    /// <summary>The packed rows as bytes.</summary>
    public ReadOnlySpan<byte> Packed => new(Matrix.Packed, (int)Matrix.PackedBytes);

    /// <summary>acc[v * Rows + r] = sum_j q_j * t_rj straight from <see cref="Ternary"/>: independent of every kernel and unpacker.</summary>
    public int[] ReferenceAccumulators(ReadOnlySpan<sbyte> activations, int vectors)
    {
        int padded = Matrix.PaddedColumns, rows = Matrix.Rows;
        var result = new int[vectors * rows];
        for (int v = 0; v < vectors; v++)
            for (int r = 0; r < rows; r++)
            {
                int acc = 0;
                for (int j = 0; j < padded; j++) acc += activations[v * padded + j] * Ternary[r * padded + j];
                result[v * rows + r] = acc;
            }
        return result;
    }

    /// <summary>Random activations for <paramref name="tokens"/> tokens of this matrix (<see cref="Activations(int, int, Random)"/>).</summary>
    public sbyte[] RandomActivations(int tokens, Random random) => Activations(tokens, Matrix.Columns, random);

    /// <summary>Random int8 activation vectors, <see cref="TernaryMatrix.PadColumns"/> each, zero past <paramref name="columns"/>; -128 and 127 included.</summary>
    public static sbyte[] Activations(int vectors, int columns, int seed) => Activations(vectors, columns, new Random(seed));

    /// <inheritdoc cref="Activations(int, int, int)"/>
    public static sbyte[] Activations(int vectors, int columns, Random random)
    {
        int padded = TernaryMatrix.PadColumns(columns);
        var values = new sbyte[vectors * padded];
        for (int v = 0; v < vectors; v++)
            for (int c = 0; c < columns; c++)
                values[v * padded + c] = (sbyte)random.Next(-128, 128);
        if (columns > 1) { values[0] = -128; values[1] = 127; }
        return values;
    }
}

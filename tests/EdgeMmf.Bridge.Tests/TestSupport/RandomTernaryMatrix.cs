using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Bridge.Tests.TestSupport;

/// <summary>A random ternary matrix packed as TQ2_0 (or TQ1_0) in pinned memory, with its unpacked values for reference sums.</summary>
internal sealed unsafe class RandomTernaryMatrix
{
    private readonly byte[] _packed; // pinned (POH): TernaryMatrix keeps only its address

    public RandomTernaryMatrix(string name, int rows, int columns, int seed, float weightScale = 0.75f, TernaryFormat format = TernaryFormat.Tq2_0)
    {
        var random = new Random(seed);
        int padded = TernaryMatrix.PadColumns(columns);
        int rowBytes = format == TernaryFormat.Tq1_0 ? Tq1_0.RowBytes(padded) : Tq2_0.RowBytes(padded);
        _packed = GC.AllocateArray<byte>(rows * rowBytes, pinned: true);
        Ternary = new sbyte[rows * padded];
        for (int r = 0; r < rows; r++)
        {
            // Columns past the checkpoint's own are zero padding, as the runtime stores them.
            for (int c = 0; c < columns; c++) Ternary[r * padded + c] = (sbyte)(random.Next(3) - 1);
            if (format == TernaryFormat.Tq1_0) Tq1_0.PackRow(Ternary.AsSpan(r * padded, padded), _packed.AsSpan(r * rowBytes, rowBytes));
            else Tq2_0.PackRow(Ternary.AsSpan(r * padded, padded), _packed.AsSpan(r * rowBytes, rowBytes));
        }
        fixed (byte* p = _packed)
            Matrix = new TernaryMatrix(name, rows, columns, weightScale, p, _packed.Length, format);
    }

    public TernaryMatrix Matrix { get; }
    public sbyte[] Ternary { get; }
    public byte[] Packed => _packed;

    /// <summary>acc = sum_j q_j * t_ij from values unpacked with the format's UnpackRow: the scalar oracle.</summary>
    public int[] ReferenceAccumulators(ReadOnlySpan<sbyte> activations, int vectors)
    {
        int padded = Matrix.PaddedColumns;
        var result = new int[vectors * Matrix.Rows];
        var row = new sbyte[padded];
        for (int r = 0; r < Matrix.Rows; r++)
        {
            if (Matrix.Format == TernaryFormat.Tq1_0) Tq1_0.UnpackRow(Matrix.Row(r), row);
            else Tq2_0.UnpackRow(Matrix.Row(r), row);
            for (int v = 0; v < vectors; v++)
            {
                int acc = 0;
                for (int j = 0; j < padded; j++) acc += activations[v * padded + j] * row[j];
                result[v * Matrix.Rows + r] = acc;
            }
        }
        return result;
    }

    /// <summary>Random int8 activation vectors with zero padding past <paramref name="columns"/>, extremes included.</summary>
    public static sbyte[] Activations(int vectors, int columns, int seed)
    {
        var random = new Random(seed);
        int padded = TernaryMatrix.PadColumns(columns);
        var values = new sbyte[vectors * padded];
        for (int v = 0; v < vectors; v++)
            for (int c = 0; c < columns; c++)
                values[v * padded + c] = (sbyte)random.Next(-128, 128);
        if (columns > 1) { values[0] = -128; values[1] = 127; }
        return values;
    }
}

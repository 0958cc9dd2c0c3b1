using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

/// <summary>A random ternary matrix kept both unpacked (for the naive expected sums) and packed (a pinned array behind a <see cref="TernaryMatrix"/>).</summary>
internal sealed unsafe class PackedTernaryMatrix
{
    private readonly byte[] _packed;

    public PackedTernaryMatrix(int rows, int columns, TernaryFormat format, Random random, Func<Random, sbyte>? weight = null)
    {
        Ternary = new sbyte[rows, columns];
        int padded = TernaryMatrix.PadColumns(columns);
        int rowBytes = format == TernaryFormat.Tq2_0 ? Tq2_0.RowBytes(padded) : Tq1_0.RowBytes(padded);
        _packed = GC.AllocateArray<byte>(rows * rowBytes + 64, pinned: true); // +64: no kernel may read past the rows
        var row = new sbyte[padded];
        for (int i = 0; i < rows; i++)
        {
            Array.Clear(row);
            for (int j = 0; j < columns; j++)
                row[j] = Ternary[i, j] = weight?.Invoke(random) ?? (sbyte)(random.Next(3) - 1);
            Span<byte> destination = _packed.AsSpan(i * rowBytes, rowBytes);
            if (format == TernaryFormat.Tq2_0) Tq2_0.PackRow(row, destination);
            else Tq1_0.PackRow(row, destination);
        }
        byte* data = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_packed, 0);
        Matrix = new TernaryMatrix($"test.{rows}x{columns}.{format}", rows, columns, 0.5f, data, rows * rowBytes, format);
    }

    public sbyte[,] Ternary { get; }

    public TernaryMatrix Matrix { get; }

    /// <summary>Token-major activations, PaddedColumns per token, zero in the padding; values cover the int8 extremes.</summary>
    public sbyte[] RandomActivations(int tokens, Random random)
    {
        var x = new sbyte[tokens * Matrix.PaddedColumns];
        for (int t = 0; t < tokens; t++)
            for (int j = 0; j < Matrix.Columns; j++)
                x[t * Matrix.PaddedColumns + j] = (sbyte)random.Next(-128, 128);
        return x;
    }

    /// <summary>sum_j x_j * t_ij straight from the unpacked values: independent of every kernel.</summary>
    public int[] NaiveProducts(sbyte[] x, int tokens)
    {
        int rows = Matrix.Rows;
        var acc = new int[tokens * rows];
        for (int t = 0; t < tokens; t++)
            for (int i = 0; i < rows; i++)
            {
                int sum = 0;
                for (int j = 0; j < Matrix.Columns; j++)
                    sum += x[t * Matrix.PaddedColumns + j] * Ternary[i, j];
                acc[t * rows + i] = sum;
            }
        return acc;
    }
}

using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Benchmarks.Kernels;

/// <summary>
/// Random ternary matrices in native memory, enough copies of one shape that a pass over all of them
/// streams from DRAM (as a decode step does) instead of hitting the last-level cache.
/// </summary>
internal sealed unsafe class TernaryMatrixFixture : IDisposable
{
    public TernaryMatrixFixture(int rows, int columns, TernaryFormat format, long minimumTotalBytes)
    {
        int rowBytes = format == TernaryFormat.Tq2_0 ? Tq2_0.RowBytes(columns) : Tq1_0.RowBytes(columns);
        long bytes = (long)rows * rowBytes;
        int copies = (int)Math.Max(1, (minimumTotalBytes + bytes - 1) / bytes);
        var random = new Random(rows * 31 + columns);
        var row = new sbyte[columns];
        var packed = new byte[rowBytes];
        Matrices = new TernaryMatrix[copies];
        for (int c = 0; c < copies; c++)
        {
            byte* data = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++) row[j] = (sbyte)(random.Next(3) - 1);
                if (format == TernaryFormat.Tq2_0) Tq2_0.PackRow(row, packed);
                else Tq1_0.PackRow(row, packed);
                packed.CopyTo(new Span<byte>(data + (long)i * rowBytes, rowBytes));
            }
            Matrices[c] = new TernaryMatrix($"bench.{rows}x{columns}.{c}", rows, columns, 1f, data, bytes, format);
        }
    }

    public TernaryMatrix[] Matrices { get; }

    public long TotalBytes => Matrices.Sum(m => m.PackedBytes);

    public static sbyte[] RandomActivations(int count, int seed)
    {
        var x = new sbyte[count];
        new Random(seed).NextBytes(MemoryMarshal.AsBytes(x.AsSpan()));
        return x;
    }

    public void Dispose()
    {
        foreach (TernaryMatrix m in Matrices) NativeMemory.AlignedFree(m.Packed);
    }
}

using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>Placeholder single-threaded projector; the kernels branch supplies the SIMD paths and worker pool.</summary>
public sealed class TernaryProjector(int threads) : IDisposable
{
    private sbyte[] _row = [];

    public int Threads { get; } = Math.Max(1, threads);
    public string KernelPath => "scalar";

    public void Gemv(TernaryMatrix w, ReadOnlySpan<sbyte> x, Span<int> acc) => Gemm(w, x, 1, acc);

    public void Gemm(TernaryMatrix w, ReadOnlySpan<sbyte> x, int tokens, Span<int> acc)
    {
        if (_row.Length < w.PaddedColumns) _row = new sbyte[w.PaddedColumns];
        Span<sbyte> t = _row.AsSpan(0, w.PaddedColumns);
        for (int r = 0; r < w.Rows; r++)
        {
            Tq2_0.UnpackRow(w.Row(r), t);
            for (int k = 0; k < tokens; k++)
            {
                ReadOnlySpan<sbyte> xk = x.Slice(k * w.PaddedColumns, w.PaddedColumns);
                int sum = 0;
                for (int j = 0; j < t.Length; j++) sum += xk[j] * t[j];
                acc[k * w.Rows + r] = sum;
            }
        }
    }

    public void Dispose() { }
}

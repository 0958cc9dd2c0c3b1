using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// Checks the ggml binding on one small matrix before anything is timed: ggml's TQ2_0 blocks of a ternary matrix
/// must be byte for byte EdgeMmf's (<see cref="Tq2_0.PackRow"/>), and ggml's matrix x vector must match the exact
/// sum within the rounding of its Q8_K activations (one int8 per value, a scale per 256: an error of at most
/// amax/254 per activation).
/// </summary>
public static unsafe class GgmlPeerCheck
{
    /// <summary>Odd row count and two blocks per row, so a row-order or stride mistake shows.</summary>
    private const int Rows = 37;
    private const int Columns = 2 * Tq2_0.BlockWeights;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming what differs.</summary>
    public static void Verify(GgmlLibrary ggml)
    {
        var random = new Xoshiro256StarStar(20);
        var ternary = new sbyte[Rows * Columns];
        var weights = new float[ternary.Length];
        for (int k = 0; k < ternary.Length; k++) weights[k] = ternary[k] = (sbyte)((int)(random.NextUInt64() % 3) - 1);
        var x = new float[Columns];
        for (int k = 0; k < x.Length; k++) x[k] = (float)(random.NextDouble() * 2 - 1);

        IntPtr context = ggml.Init(new GgmlLibrary.InitParams { MemSize = 4 << 20 });
        if (context == IntPtr.Zero) throw new InvalidOperationException("ggml_init returned no context.");
        try
        {
            IntPtr w = ggml.NewTensor2d(context, GgmlLibrary.TypeTq2_0, Columns, Rows);
            int rowBytes = (int)ggml.RowSize(GgmlLibrary.TypeTq2_0, Columns);
            if (rowBytes != Tq2_0.RowBytes(Columns))
                throw new InvalidOperationException($"ggml's TQ2_0 row of {Columns} weights has {rowBytes} bytes, EdgeMmf's {Tq2_0.RowBytes(Columns)}.");
            fixed (float* source = weights)
                ggml.QuantizeChunk(GgmlLibrary.TypeTq2_0, source, ggml.GetData(w), 0, Rows, Columns, null);
            var packed = new byte[rowBytes];
            var quantized = new ReadOnlySpan<byte>(ggml.GetData(w), Rows * rowBytes);
            for (int r = 0; r < Rows; r++)
            {
                Tq2_0.PackRow(ternary.AsSpan(r * Columns, Columns), packed);
                if (!quantized.Slice(r * rowBytes, rowBytes).SequenceEqual(packed))
                    throw new InvalidOperationException($"ggml's TQ2_0 blocks of row {r} differ from EdgeMmf's packing of the same ternary weights.");
            }

            IntPtr input = ggml.NewTensor1d(context, GgmlLibrary.TypeF32, Columns);
            x.CopyTo(new Span<float>(ggml.GetData(input), Columns));
            IntPtr y = ggml.MulMat(context, w, input);
            IntPtr graph = ggml.NewGraph(context);
            ggml.BuildForwardExpand(graph, y);
            int status = ggml.GraphComputeWithContext(context, graph, 2);
            if (status != 0) throw new InvalidOperationException($"ggml_graph_compute_with_ctx failed with status {status}.");
            if ((int)(ggml.NBytes(y) / sizeof(float)) != Rows)
                throw new InvalidOperationException($"ggml's matrix x vector has {ggml.NBytes(y) / sizeof(float)} outputs, not {Rows}.");
            var result = new ReadOnlySpan<float>(ggml.GetData(y), Rows);
            for (int r = 0; r < Rows; r++)
            {
                (double exact, double bound) = ExactAndBound(ternary.AsSpan(r * Columns, Columns), x);
                if (!(Math.Abs(result[r] - exact) <= bound))
                    throw new InvalidOperationException($"ggml's TQ2_0 matrix x vector gives {result[r]} in row {r}, not {exact:G6} within its Q8_K rounding ({bound:G3}).");
            }
        }
        finally
        {
            ggml.Free(context);
        }
    }

    /// <summary>The exact dot product, and how far Q8_K rounding (amax/254 per value) and float sums may move it.</summary>
    private static (double Exact, double Bound) ExactAndBound(ReadOnlySpan<sbyte> row, ReadOnlySpan<float> x)
    {
        double exact = 0, bound = 0, magnitude = 0;
        for (int b = 0; b < x.Length; b += Tq2_0.BlockWeights)
        {
            float amax = 0;
            for (int k = b; k < b + Tq2_0.BlockWeights; k++) amax = Math.Max(amax, Math.Abs(x[k]));
            int nonzero = 0;
            for (int k = b; k < b + Tq2_0.BlockWeights; k++)
            {
                exact += row[k] * (double)x[k];
                magnitude += Math.Abs(x[k]);
                nonzero += row[k] != 0 ? 1 : 0;
            }
            bound += nonzero * amax / 254.0;
        }
        return (exact, bound + 1e-5 * magnitude + 1e-6);
    }
}

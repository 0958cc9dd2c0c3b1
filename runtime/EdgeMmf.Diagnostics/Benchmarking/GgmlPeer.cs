using System.Diagnostics;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// ggml's CPU backend decoding one token of a model's shape: the per-token graph of its ternary projections
/// (per layer i|f|g, o, gate|up, down; then lm_head, docs/model-spec.md), weights in ggml's TQ2_0 made with
/// <c>ggml_quantize_chunk</c> from random ternary floats, one token's activations in F32 (ggml quantizes them to
/// Q8_K itself). Each projection reads the previous one's output, so the graph streams every weight once per
/// compute in the model's order, as EdgeMmf's decode does. Only the projections run: the norms and the recurrence,
/// which EdgeMmf's tokens/s include, are left to ggml's favour.
/// </summary>
public sealed unsafe class GgmlPeer : IDisposable
{
    private readonly GgmlLibrary _ggml;
    private readonly IntPtr _weights;
    private readonly IntPtr _work;
    private readonly IntPtr _graph;
    private readonly IntPtr _logits;

    /// <summary>Bytes of TQ2_0 weights one compute streams.</summary>
    public long WeightBytes { get; }

    /// <summary>The library variant that runs (avx512, avx2, ...).</summary>
    public string Variant => _ggml.Variant;

    /// <summary>Work memory for one compute: the Q8_K copy of the activations and a line per thread.</summary>
    private const int WorkBytes = 8 << 20;

    private GgmlPeer(GgmlLibrary ggml, IntPtr weights, IntPtr work, IntPtr graph, IntPtr logits, long weightBytes)
    {
        _ggml = ggml;
        _weights = weights;
        _work = work;
        _graph = graph;
        _logits = logits;
        WeightBytes = weightBytes;
    }

    /// <summary>
    /// Builds the graph for <paramref name="shape"/> after checking the binding on a small case
    /// (<see cref="GgmlPeerCheck.Verify"/>), so a benchmark never times a graph that computes nothing.
    /// </summary>
    public static GgmlPeer Create(GgmlLibrary ggml, HgrnBitConfig shape, ulong seed)
    {
        GgmlPeerCheck.Verify(ggml);
        int h = shape.HiddenSize, d = shape.RecurrentWidth, inter = shape.IntermediateSize;
        (int Rows, int Columns)[] layer = [(3 * d, h), (h, d), (2 * inter, h), (h, inter)];
        long weightBytes = 0;
        foreach ((int rows, int columns) in layer) weightBytes += MatrixBytes(ggml, rows, columns);
        weightBytes *= shape.NumHiddenLayers;
        weightBytes += MatrixBytes(ggml, shape.VocabSize, h);
        int tensors = 6 * shape.NumHiddenLayers + 4;
        long activationBytes = 4L * (shape.NumHiddenLayers * (3L * d + 2 * h + 2L * inter) + h + shape.VocabSize) + 64L * tensors;
        long arena = weightBytes + activationBytes + (long)ggml.TensorOverhead() * tensors + (long)ggml.GraphOverhead() + (1 << 20);

        IntPtr weights = ggml.Init(new GgmlLibrary.InitParams { MemSize = (nuint)arena });
        IntPtr work = ggml.Init(new GgmlLibrary.InitParams { MemSize = WorkBytes + (nuint)ggml.TensorOverhead() });
        if (weights == IntPtr.Zero || work == IntPtr.Zero)
            throw new InvalidOperationException($"ggml_init could not allocate {arena >> 20} MiB for the {shape.HiddenSize}-wide model's weights.");
        var random = new Xoshiro256StarStar(seed);
        IntPtr x = ggml.NewTensor1d(weights, GgmlLibrary.TypeF32, h);
        var input = new Span<float>(ggml.GetData(x), h);
        for (int k = 0; k < h; k++) input[k] = (float)(random.NextDouble() * 2 - 1);

        IntPtr current = x;
        for (int n = 0; n < shape.NumHiddenLayers; n++)
        {
            IntPtr ifg = ggml.MulMat(weights, RandomTernary(ggml, weights, 3 * d, h, ref random), current);
            IntPtr o = ggml.MulMat(weights, RandomTernary(ggml, weights, h, d, ref random), ggml.View1d(weights, ifg, d, 0));
            IntPtr gateUp = ggml.MulMat(weights, RandomTernary(ggml, weights, 2 * inter, h, ref random), o);
            current = ggml.MulMat(weights, RandomTernary(ggml, weights, h, inter, ref random), ggml.View1d(weights, gateUp, inter, 0));
        }
        IntPtr logits = ggml.MulMat(weights, RandomTernary(ggml, weights, shape.VocabSize, h, ref random), current);
        IntPtr graph = ggml.NewGraph(weights);
        ggml.BuildForwardExpand(graph, logits);
        return new GgmlPeer(ggml, weights, work, graph, logits, weightBytes);
    }

    /// <summary>One token: every projection of the graph on <paramref name="threads"/> threads.</summary>
    public void Compute(int threads)
    {
        _ggml.Reset(_work);
        int status = _ggml.GraphComputeWithContext(_work, _graph, threads);
        if (status != 0) throw new InvalidOperationException($"ggml_graph_compute_with_ctx failed with status {status}.");
    }

    /// <summary>The logits of the last compute.</summary>
    public ReadOnlySpan<float> Logits => new(_ggml.GetData(_logits), (int)(_ggml.NBytes(_logits) / sizeof(float)));

    /// <summary>
    /// Decode speed at <paramref name="threads"/> threads: a warm-up, then <paramref name="runs"/> runs of
    /// <paramref name="tokens"/> computes; tokens per second of each run. Fails if the logits are not finite.
    /// </summary>
    public double[] Measure(int threads, int tokens, int runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        for (int k = 0; k < Math.Min(tokens, 16); k++) Compute(threads);
        foreach (float v in Logits)
            if (!float.IsFinite(v)) throw new InvalidOperationException("ggml's logits are not finite: the peer's graph is wrong.");
        var perRun = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < tokens; k++) Compute(threads);
            perRun[r] = tokens / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return perRun;
    }

    /// <summary>Frees ggml's contexts (weights and work graph).</summary>
    public void Dispose()
    {
        _ggml.Free(_work);
        _ggml.Free(_weights);
    }

    private static long MatrixBytes(GgmlLibrary ggml, int rows, int columns) => (long)ggml.RowSize(GgmlLibrary.TypeTq2_0, columns) * rows;

    /// <summary>
    /// A rows x columns TQ2_0 tensor of random ternary weights times 1/sqrt(2/3 columns), quantized by ggml; the scale
    /// keeps the activations' size from one projection to the next, so the logits stay finite.
    /// </summary>
    private static IntPtr RandomTernary(GgmlLibrary ggml, IntPtr context, int rows, int columns, ref Xoshiro256StarStar random)
    {
        if (columns % Runtime.Formats.Tq2_0.BlockWeights != 0)
            throw new ArgumentException($"TQ2_0 rows hold whole 256-weight blocks; the shape has a {columns}-column projection.");
        IntPtr tensor = ggml.NewTensor2d(context, GgmlLibrary.TypeTq2_0, columns, rows);
        byte* data = (byte*)ggml.GetData(tensor);
        long rowBytes = (long)ggml.RowSize(GgmlLibrary.TypeTq2_0, columns);
        float scale = MathF.Sqrt(1.5f / columns);
        const int ChunkRows = 64;
        var chunk = new float[ChunkRows * columns];
        for (int first = 0; first < rows; first += ChunkRows)
        {
            int count = Math.Min(ChunkRows, rows - first);
            int values = count * columns;
            for (int k = 0; k < values; k += 8)
            {
                ulong bits = random.NextUInt64();
                for (int b = 0; b < 8 && k + b < values; b++, bits >>= 8) chunk[k + b] = ((int)((bits & 0xFF) % 3) - 1) * scale;
            }
            fixed (float* source = chunk)
                ggml.QuantizeChunk(GgmlLibrary.TypeTq2_0, source, data + first * rowBytes, 0, count, columns, null);
        }
        return tensor;
    }
}

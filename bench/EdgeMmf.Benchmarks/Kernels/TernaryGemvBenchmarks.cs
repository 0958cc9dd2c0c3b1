using BenchmarkDotNet.Attributes;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Testing;

namespace EdgeMmf.Benchmarks.Kernels;

/// <summary>
/// Decode projections (one token) on the 370M model's shapes ([out, in]: i/f/g/o 1024x1024, gate 5632x1024,
/// down 1024x2816) and on ggml's comparison shape 4096x14336. Each invocation runs every copy of the shape
/// once (256 MB in all) so the weights come from DRAM; divide the bytes by the time for GB/s.
/// </summary>
[JsonExporterAttribute.Full]
public class TernaryGemvBenchmarks
{
    private RandomTernaryMatrix[] _copies = [];
    private TernaryProjector _projector = null!;
    private sbyte[] _x = [];
    private int[] _acc = [];

    [Params("1024x1024", "5632x1024", "1024x2816", "4096x14336")]
    public string Shape { get; set; } = "1024x1024";

    [ParamsSource(nameof(Paths))]
    public KernelPath Path { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(TernaryFormat.Tq2_0, TernaryFormat.Tq1_0)]
    public TernaryFormat Format { get; set; }

    public static IEnumerable<KernelPath> Paths => KernelSelector.Supported.Where(p => p != KernelPath.Scalar);

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split('x');
        int rows = int.Parse(parts[0]), columns = int.Parse(parts[1]);
        var first = new RandomTernaryMatrix($"bench.{Shape}.0", rows, columns, seed: rows * 31 + columns, format: Format);
        int copies = (int)Math.Max(1, (256L << 20) / first.Matrix.PackedBytes);
        _copies = new RandomTernaryMatrix[copies];
        _copies[0] = first;
        for (int c = 1; c < copies; c++)
            _copies[c] = new RandomTernaryMatrix($"bench.{Shape}.{c}", rows, columns, seed: rows * 31 + columns + c, format: Format);
        _projector = new TernaryProjector(Threads, KernelSelector.Create(Path));
        _x = RandomTernaryMatrix.Activations(1, columns, seed: 1);
        _acc = new int[rows];
    }

    [Benchmark]
    public void GemvAllCopies()
    {
        foreach (RandomTernaryMatrix m in _copies) _projector.Gemv(m.Matrix, _x, _acc);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _projector.Dispose();
    }
}

using BenchmarkDotNet.Attributes;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Testing;

namespace EdgeMmf.Benchmarks.Kernels;

/// <summary>
/// Prefill: a chunk of prompt tokens through ggml's comparison matrix 4096x14336 in one call (each weight
/// row read once per chunk). G ternary MAC/s = 4096 * 14336 * Tokens / time; ggml TQ2_0 does ~117 on 2 threads.
/// </summary>
[JsonExporterAttribute.Full]
public class TernaryGemmBenchmarks
{
    private RandomTernaryMatrix _matrix = null!;
    private TernaryProjector _projector = null!;
    private sbyte[] _x = [];
    private int[] _acc = [];

    [Params(16, 64)]
    public int Tokens { get; set; }

    [ParamsSource(nameof(Paths))]
    public KernelPath Path { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<KernelPath> Paths => KernelSelector.Supported.Where(p => p != KernelPath.Scalar);

    [GlobalSetup]
    public void Setup()
    {
        _matrix = new RandomTernaryMatrix("bench.4096x14336", 4096, 14336, seed: 4096 * 31 + 14336);
        _projector = new TernaryProjector(Threads, KernelSelector.Create(Path));
        _x = RandomTernaryMatrix.Activations(Tokens, 14336, seed: 2);
        _acc = new int[Tokens * 4096];
    }

    [Benchmark]
    public void Gemm() => _projector.Gemm(_matrix.Matrix, _x, Tokens, _acc);

    [GlobalCleanup]
    public void Cleanup()
    {
        _projector.Dispose();
    }
}

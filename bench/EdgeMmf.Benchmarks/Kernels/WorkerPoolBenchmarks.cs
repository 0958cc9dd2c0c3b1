using BenchmarkDotNet.Attributes;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Benchmarks.Kernels;

/// <summary>Fork-join cost of one <c>WorkerPool.For</c> over empty pieces (four per thread): the per-projection overhead of threading.</summary>
[JsonExporterAttribute.Full]
public unsafe class WorkerPoolBenchmarks
{
    private WorkerPool _pool = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _pool = new WorkerPool(Threads);

    private static void Nothing(void* state, int index, int count)
    {
    }

    [Benchmark]
    public void EmptyFor() => _pool.For(&Nothing, null, 4 * Threads);

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();
}

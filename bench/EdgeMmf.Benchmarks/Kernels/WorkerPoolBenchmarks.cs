using BenchmarkDotNet.Attributes;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Benchmarks.Kernels;

/// <summary>Fork-join cost of one <see cref="WorkerPool.Run"/> with empty work: the per-projection overhead of threading.</summary>
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
    public void EmptyRun() => _pool.Run(&Nothing, null);

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();
}

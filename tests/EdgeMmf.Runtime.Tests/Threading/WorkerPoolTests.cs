using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Runtime.Tests.Threading;

[TestClass]
public sealed unsafe class WorkerPoolTests
{
    private struct Counts
    {
        public fixed int PerIndex[8];
        public int Threads;
    }

    private static void CountCall(void* state, int index, int count)
    {
        Counts* c = (Counts*)state;
        Interlocked.Increment(ref c->PerIndex[index]);
        c->Threads = count;
    }

    private static void Throw(void* state, int index, int count)
    {
        if (index == count - 1) throw new InvalidOperationException("worker failed");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void Run_ManyCalls_CallsEveryIndexOncePerRun(int threads)
    {
        using var pool = new WorkerPool(threads);
        Counts counts = default;
        for (int i = 0; i < 500; i++) pool.Run(&CountCall, &counts);
        for (int index = 0; index < threads; index++) Assert.AreEqual(500, counts.PerIndex[index], $"index {index}");
        Assert.AreEqual(threads, counts.Threads);
    }

    [TestMethod]
    public void Run_AfterWorkersHaveParked_StillRunsEveryIndex()
    {
        using var pool = new WorkerPool(2, spinMicroseconds: 50);
        Counts counts = default;
        for (int i = 0; i < 5; i++)
        {
            Thread.Sleep(5); // well past the spin budget: the worker sleeps on its semaphore
            pool.Run(&CountCall, &counts);
        }
        Assert.AreEqual(5, counts.PerIndex[1]);
    }

    [TestMethod]
    public void Run_WorkerThrows_RethrowsOnTheCaller()
    {
        using var pool = new WorkerPool(2);
        Assert.ThrowsExactly<InvalidOperationException>(() => pool.Run(&Throw, null));
        Counts counts = default;
        pool.Run(&CountCall, &counts); // and the pool still works
        Assert.AreEqual(1, counts.PerIndex[1]);
    }

    [TestMethod]
    public void ProcessorTopology_PhysicalCores_IsBetweenOneAndTheLogicalCount()
    {
        int cores = ProcessorTopology.PhysicalCores();
        Assert.IsTrue(cores >= 1 && cores <= Environment.ProcessorCount, $"{cores} cores");
    }

    [TestMethod]
    public void MemoryBandwidthProbe_SmallBuffer_ReportsAPositiveFiniteRate()
    {
        double gbps = MemoryBandwidthProbe.Measure(threads: 2, bytes: 8 << 20, passes: 2);
        Assert.IsTrue(gbps > 0 && double.IsFinite(gbps), $"{gbps} GB/s");
    }
}

using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Runtime.Tests.Threading;

[TestClass]
public sealed unsafe class WorkerPoolTests
{
    private struct Counts
    {
        public fixed int PerIndex[64];
        public int Count;
    }

    private static void CountCall(void* state, int index, int count)
    {
        Counts* c = (Counts*)state;
        Interlocked.Increment(ref c->PerIndex[index]);
        c->Count = count;
    }

    private static void Throw(void* state, int index, int count)
    {
        if (index == count - 1) throw new InvalidOperationException("worker failed");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void For_ManyCalls_CallsEveryIndexOncePerCall(int threads)
    {
        using var pool = new WorkerPool(threads);
        Counts counts = default;
        for (int i = 0; i < 500; i++) pool.For(&CountCall, &counts, 1 + i % 64);
        for (int index = 0; index < 64; index++)
        {
            int expected = Enumerable.Range(0, 500).Count(i => index < 1 + i % 64);
            Assert.AreEqual(expected, counts.PerIndex[index], $"index {index}");
        }
        Assert.AreEqual(1 + 499 % 64, counts.Count);
    }

    [TestMethod]
    public void For_MoreThreadsThanCores_CallsEveryIndexOncePerCall()
    {
        // Workers lose their cores all the time here, so the caller takes over offered pieces and late workers
        // wake to offers of later calls: every index must still run exactly once per call.
        int threads = 3 * Environment.ProcessorCount + 1;
        using var pool = new WorkerPool(threads);
        Counts counts = default;
        const int calls = 3000;
        for (int i = 0; i < calls; i++) pool.For(&CountCall, &counts, 1 + i % 64);
        for (int index = 0; index < 64; index++)
        {
            int expected = 0;
            for (int i = 0; i < calls; i++) if (index < 1 + i % 64) expected++;
            Assert.AreEqual(expected, counts.PerIndex[index], $"index {index}");
        }
    }

    [TestMethod]
    public void For_AfterWorkersHaveParked_StillRunsEveryIndex()
    {
        using var pool = new WorkerPool(2, spinMicroseconds: 50);
        Counts counts = default;
        for (int i = 0; i < 5; i++)
        {
            Thread.Sleep(5); // well past the spin budget: the worker sleeps on its semaphore
            pool.For(&CountCall, &counts, 8);
        }
        for (int index = 0; index < 8; index++) Assert.AreEqual(5, counts.PerIndex[index]);
    }

    [TestMethod]
    public void For_PieceThrows_RethrowsOnTheCaller()
    {
        using var pool = new WorkerPool(2);
        Assert.ThrowsExactly<InvalidOperationException>(() => pool.For(&Throw, null, 16));
        Counts counts = default;
        pool.For(&CountCall, &counts, 16); // and the pool still works
        Assert.AreEqual(1, counts.PerIndex[15]);
    }

    private struct IdleProbe
    {
        public int Started;
        public int Finished;
        public int Worker;
    }

    /// <summary>Idle work that holds its worker until the pool says the next call has arrived.</summary>
    private static void IdleUntilNextCall(void* state, int worker, WorkerPool.IdleSignal signal)
    {
        IdleProbe* probe = (IdleProbe*)state;
        probe->Worker = worker;
        Interlocked.Increment(ref probe->Started);
        while (!signal.WorkArrived) Thread.SpinWait(16);
        Interlocked.Increment(ref probe->Finished);
    }

    private static bool WaitFor(int* value, int expected)
    {
        long deadline = Environment.TickCount64 + 10_000;
        while (Volatile.Read(ref *value) != expected)
        {
            if (Environment.TickCount64 > deadline) return false;
            Thread.Sleep(1);
        }
        return true;
    }

    [TestMethod]
    public void For_WithIdleWork_WorkerRunsItAfterTheCallReturnsUntilTheNextCallArrives()
    {
        IdleProbe probe = default;
        Counts counts = default;
        using (var pool = new WorkerPool(2))
        {
            pool.For(&CountCall, &counts, 2, &IdleUntilNextCall, &probe);   // returns while the worker idles
            Assert.IsTrue(WaitFor(&probe.Started, 1), "the worker never started the idle work");
            Assert.AreEqual(1, probe.Worker, "idle work runs on the worker, not the caller");
            Thread.Sleep(20);
            Assert.AreEqual(0, Volatile.Read(ref probe.Finished), "idle work stopped before any new call");

            pool.For(&CountCall, &counts, 2);                                 // the next call ends it
            Assert.IsTrue(WaitFor(&probe.Finished, 1), "the idle work never saw the next call");
            pool.For(&CountCall, &counts, 2);
            Thread.Sleep(20);
            Assert.AreEqual(1, Volatile.Read(ref probe.Started), "a call that leaves no idle work ran some");
        }
        Assert.AreEqual(3, counts.PerIndex[0]);
        Assert.AreEqual(3, counts.PerIndex[1]);
    }

    private struct Blocker
    {
        public int Started;
        public int Release;
    }

    /// <summary>Idle work that ignores the signal and holds its worker until the test lets it go: a worker that lost its core.</summary>
    private static void IdleUntilReleased(void* state, int worker, WorkerPool.IdleSignal signal)
    {
        Blocker* b = (Blocker*)state;
        Interlocked.Increment(ref b->Started);
        while (Volatile.Read(ref b->Release) == 0) Thread.Sleep(1);
    }

    private struct Runners
    {
        public fixed int Thread[4];
    }

    private static void RecordRunner(void* state, int index, int count) => ((Runners*)state)->Thread[index] = Environment.CurrentManagedThreadId;

    [TestMethod]
    public void For_WorkerThatNeverComes_CallerRunsItsPieceAndTheCallEnds()
    {
        Blocker blocker = default;
        Counts counts = default;
        using var pool = new WorkerPool(2);
        pool.For(&CountCall, &counts, 2, &IdleUntilReleased, &blocker);
        Assert.IsTrue(WaitFor(&blocker.Started, 1), "the worker never started the idle work");

        Runners runners = default;
        pool.For(&RecordRunner, &runners, 2);                                 // the worker is held: piece 1 is taken over
        Assert.AreEqual(Environment.CurrentManagedThreadId, runners.Thread[0]);
        Assert.AreEqual(Environment.CurrentManagedThreadId, runners.Thread[1], "piece 1 should have been taken over by the caller");

        Volatile.Write(ref blocker.Release, 1);                               // the worker comes back to a spent offer
        for (int i = 0; i < 200; i++) pool.For(&CountCall, &counts, 2);
        Assert.AreEqual(201, counts.PerIndex[0]);
        Assert.AreEqual(201, counts.PerIndex[1]);
    }

    [TestMethod]
    public void Dispose_WhileAWorkerRunsIdleWork_StopsItAndReturns()
    {
        IdleProbe probe = default;
        Counts counts = default;
        var pool = new WorkerPool(2);
        pool.For(&CountCall, &counts, 2, &IdleUntilNextCall, &probe);
        Assert.IsTrue(WaitFor(&probe.Started, 1), "the worker never started the idle work");
        pool.Dispose();                                                       // joins the worker
        Assert.AreEqual(1, probe.Finished);
    }

    [TestMethod]
    public void ProcessorTopology_PhysicalCores_IsBetweenOneAndTheLogicalCount()
    {
        int cores = ProcessorTopology.PhysicalCores();
        Assert.IsTrue(cores >= 1 && cores <= Environment.ProcessorCount, $"{cores} cores");
    }
}

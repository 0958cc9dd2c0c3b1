using EdgeMmf.Diagnostics.Kernels;
using EdgeMmf.Testing;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed class ProjectionTraceTests
{
    /// <summary>2048 rows of 1024 columns: 528 KB, several chunks, so two threads each get a home share.</summary>
    private static RandomTernaryMatrix SplitMatrix() => new(2048, 1024, TernaryFormat.Tq2_0, new Random(5));

    /// <summary>Runs <paramref name="calls"/> GEMVs of <see cref="SplitMatrix"/> on a projector of <paramref name="threads"/> threads that records into the returned trace.</summary>
    private static ProjectionTrace Traced(int threads, int capacity, int calls)
    {
        RandomTernaryMatrix packed = SplitMatrix();
        sbyte[] x = packed.RandomActivations(1, new Random(calls));
        var acc = new int[packed.Matrix.Rows];
        using var projector = new TernaryProjector(threads);
        var trace = new ProjectionTrace(capacity, threads);
        projector.Observer = trace;
        for (int k = 0; k < calls; k++) projector.Gemv(packed.Matrix, x, acc);
        return trace;
    }

    [TestMethod]
    public void Gemv_WithTrace_RecordsEveryCallAndEachShareInsideIt()
    {
        RandomTernaryMatrix packed = SplitMatrix();
        sbyte[] x = packed.RandomActivations(1, new Random(6));
        var acc = new int[packed.Matrix.Rows];
        using var projector = new TernaryProjector(2);
        using var trace = new ProjectionTrace(100, 2);
        projector.Observer = trace;
        for (int k = 0; k < 40; k++) projector.Gemv(packed.Matrix, x, acc);
        projector.Observer = null;
        projector.Gemv(packed.Matrix, x, acc); // detached: not recorded

        Assert.AreEqual(40, trace.Count);
        Assert.AreEqual(0, trace.Dropped);
        CollectionAssert.AreEqual(packed.ReferenceAccumulators(x, 1), acc); // tracing changes no result
        double previousStart = -1;
        for (int k = 0; k < trace.Count; k++)
        {
            ProjectionTrace.Call call = trace[k];
            Assert.AreEqual(2048, call.Rows);
            Assert.AreEqual(2048L * packed.Matrix.RowBytes, call.WeightBytes);
            Assert.AreEqual(2, call.Homes);
            Assert.IsGreaterThan(previousStart, call.StartMicroseconds);
            previousStart = call.StartMicroseconds;
            Assert.IsTrue(call.Shares[0].RunByCaller, "home 0 is the caller's");
            foreach (ProjectionTrace.HomeShare share in call.Shares)
            {
                Assert.IsTrue(share.StartMicroseconds >= 0 && share.StartMicroseconds <= share.EndMicroseconds, $"call {k}: {share}");
                Assert.IsTrue(share.EndMicroseconds <= call.DurationMicroseconds, $"call {k}: {share} ends after the call ({call.DurationMicroseconds} us)");
                if (OperatingSystem.IsLinux()) Assert.IsGreaterThanOrEqualTo(0, share.Cpu);
            }
        }
    }

    [TestMethod]
    public void Summarize_SplitCalls_GivesMediansInsideTheCalls()
    {
        using ProjectionTrace trace = Traced(threads: 2, capacity: 64, calls: 64);

        ProjectionTrace.Summary summary = trace.Summarize();
        Assert.AreEqual(64, summary.Calls);
        Assert.IsGreaterThan(0.0, summary.CallMicroseconds);
        Assert.IsTrue(summary.JoinMicroseconds >= 0 && summary.JoinMicroseconds <= summary.CallMicroseconds, summary.ToString());
        Assert.IsTrue(summary.CallsWithoutWorkerFraction is >= 0 and <= 1, summary.ToString());
        // The worker-start median is taken over the calls the worker joined, which on a loaded machine can be a
        // few long ones: it lies inside the longest call, not necessarily inside the median call.
        double longestCall = 0;
        for (int k = 0; k < trace.Count; k++) longestCall = Math.Max(longestCall, trace[k].DurationMicroseconds);
        if (summary.CallsWithoutWorkerFraction < 1)
            Assert.IsTrue(summary.WorkerStartMicroseconds >= 0 && summary.WorkerStartMicroseconds <= longestCall, summary.ToString());
    }

    [TestMethod]
    public void Trace_PastItsCapacity_CountsTheCallsItLeftOut()
    {
        using ProjectionTrace trace = Traced(threads: 2, capacity: 10, calls: 15);

        Assert.AreEqual(10, trace.Count);
        Assert.AreEqual(5, trace.Dropped);
    }

    [TestMethod]
    public void Trace_OnOneThread_RecordsOneShareRunByTheCaller()
    {
        using ProjectionTrace trace = Traced(threads: 1, capacity: 4, calls: 1);

        ProjectionTrace.Call call = trace[0];
        Assert.AreEqual(1, call.Homes);
        Assert.IsTrue(call.Shares[0].EndMicroseconds <= call.DurationMicroseconds);
        Assert.AreEqual(0, trace.Summarize().Calls, "a call on one thread is not split");
    }

    [TestMethod]
    public void Trace_WhileRecording_AllocatesNothing()
    {
        RandomTernaryMatrix packed = SplitMatrix();
        sbyte[] x = packed.RandomActivations(1, new Random(10));
        var acc = new int[packed.Matrix.Rows];
        using var projector = new TernaryProjector(2);
        using var trace = new ProjectionTrace(300, 2);
        projector.Observer = trace;
        for (int k = 0; k < 20; k++) projector.Gemv(packed.Matrix, x, acc);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++) projector.Gemv(packed.Matrix, x, acc);
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void WriteCsv_OneLinePerCallUnderAHeader()
    {
        using ProjectionTrace trace = Traced(threads: 2, capacity: 8, calls: 5);

        var text = new StringWriter();
        trace.WriteCsv(text);
        string[] lines = text.ToString().TrimEnd().Split('\n');
        Assert.HasCount(6, lines);
        int columns = lines[0].Split(',').Length;
        Assert.AreEqual(6 + 2 * 4, columns);
        for (int k = 1; k < lines.Length; k++)
        {
            string[] cells = lines[k].TrimEnd('\r').Split(',');
            Assert.HasCount(columns, cells);
            Assert.AreEqual((k - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cells[0]);
            Assert.AreEqual("2048", cells[3]);
        }
    }

    [TestMethod]
    public void Trace_ForFewerThreadsThanTheProjector_IsRefused()
    {
        using var projector = new TernaryProjector(2);
        using var trace = new ProjectionTrace(4, 1);
        Assert.ThrowsExactly<ArgumentException>(() => projector.Observer = trace);
    }

    [TestMethod]
    public void Trace_DisposedWhileAttached_FailsTheCallInsteadOfWritingFreedMemory()
    {
        RandomTernaryMatrix packed = SplitMatrix();
        sbyte[] x = packed.RandomActivations(1, new Random(12));
        var acc = new int[packed.Matrix.Rows];
        using var projector = new TernaryProjector(2);
        var trace = new ProjectionTrace(4, 2);
        projector.Observer = trace;
        trace.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => projector.Gemv(packed.Matrix, x, acc));
    }
}

using EdgeMmf.Testing;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed unsafe class ProjectionLookaheadTests
{
    [TestMethod]
    public void ShareSpans_ThreeMatricesOnTwoThreads_WorkerOneGetsTheBackHalfOfTheRowsLaidEndToEnd()
    {
        var random = new Random(5);
        // 512 columns: two 66-byte TQ2_0 blocks, 132 bytes a row; 900 rows are 118,800 bytes, which on two threads
        // the projector cuts into chunks of 14,850 bytes (four per thread): 112 rows (112.5 rounded to whole 4-row
        // groups). 900 rows make 9 chunks; two threads get chunks 0-3 (rows 0-447) and 4-8 (rows 448-899): worker 1's
        // share starts at row 148 of the second matrix and runs through the third.
        var a = new RandomTernaryMatrix(300, 512, TernaryFormat.Tq2_0, random);
        var b = new RandomTernaryMatrix(300, 512, TernaryFormat.Tq2_0, random);
        var c = new RandomTernaryMatrix(300, 512, TernaryFormat.Tq2_0, random);
        ProjectionLookahead lookahead = default;
        lookahead.Set(2, a.Matrix, b.Matrix, c.Matrix);

        (long Start, long Length)[] spans = Spans(lookahead, worker: 1);

        Assert.HasCount(2, spans);
        Assert.AreEqual((long)b.Matrix.Packed + 148 * 132, spans[0].Start);
        Assert.AreEqual(152 * 132, spans[0].Length);
        Assert.AreEqual((long)c.Matrix.Packed, spans[1].Start);
        Assert.AreEqual(300 * 132, spans[1].Length);
    }

    [TestMethod]
    [DataRow(2, 1)]
    [DataRow(3, 7)]
    [DataRow(4, 40)]
    [DataRow(3, 500)]
    public void ShareSpans_EveryThreadsShareTogether_CoverEachMatrixOnceInOrder(int threads, int rows)
    {
        var random = new Random(threads);
        var a = new RandomTernaryMatrix(rows, 256, TernaryFormat.Tq2_0, random);
        var b = new RandomTernaryMatrix(rows + 3, 256, TernaryFormat.Tq2_0, random);
        ProjectionLookahead lookahead = default;
        lookahead.Set(threads, a.Matrix, b.Matrix, null);

        var covered = new List<(long Start, long Length)>();
        for (int worker = 0; worker < threads; worker++) covered.AddRange(Spans(lookahead, worker));

        // Adjacent spans of the same matrix join up; what is left must be exactly the two matrices.
        var merged = new List<(long Start, long Length)>();
        foreach ((long start, long length) in covered)
        {
            if (merged.Count > 0 && merged[^1].Start + merged[^1].Length == start) merged[^1] = (merged[^1].Start, merged[^1].Length + length);
            else merged.Add((start, length));
        }
        CollectionAssert.AreEqual(
            new[] { ((long)a.Matrix.Packed, a.Matrix.PackedBytes), ((long)b.Matrix.Packed, b.Matrix.PackedBytes) },
            merged.ToArray(),
            $"{threads} threads");
    }

    [TestMethod]
    [DataRow(2, 100)]
    [DataRow(3, 333)]
    [DataRow(5, 1024)]
    public void ShareSpans_CutByChannel_EveryThreadGetsTheSameChannelsOfEachMatrixAndTogetherTheyCoverThem(int threads, int channels)
    {
        var random = new Random(channels);
        var a = new RandomTernaryMatrix(channels, 512, TernaryFormat.Tq2_0, random);
        var b = new RandomTernaryMatrix(channels, 512, TernaryFormat.Tq2_0, random);
        var c = new RandomTernaryMatrix(channels, 512, TernaryFormat.Tq2_0, random);
        var gateUp = new RandomTernaryMatrix(2 * channels, 512, TernaryFormat.Tq2_0, random);
        ProjectionLookahead ifg = default, halves = default;
        ifg.Set(threads, a.Matrix, b.Matrix, c.Matrix, CallCut.Channels);
        halves.Set(threads, gateUp.Matrix, null, null, CallCut.Halves);
        long row = a.Matrix.RowBytes, covered = 0, coveredHalves = 0;
        for (int worker = 0; worker < threads; worker++)
        {
            (long Start, long Length)[] spans = Spans(ifg, worker), halfSpans = Spans(halves, worker);
            if (spans.Length > 0)
            {
                Assert.HasCount(3, spans);
                long first = (spans[0].Start - (long)a.Matrix.Packed) / row;
                Assert.AreEqual((long)b.Matrix.Packed + first * row, spans[1].Start, "the same channels of the second matrix");
                Assert.AreEqual((long)c.Matrix.Packed + first * row, spans[2].Start, "... and of the third");
                covered += spans[0].Length;
            }
            if (halfSpans.Length > 0)
            {
                Assert.HasCount(2, halfSpans);
                Assert.AreEqual(halfSpans[0].Start + channels * row, halfSpans[1].Start, "the same channels of the value half as of the gate half");
                Assert.AreEqual(halfSpans[0].Length, halfSpans[1].Length);
                coveredHalves += halfSpans[0].Length;
            }
        }
        Assert.AreEqual(channels * row, covered, "the workers' channels cover the call once");
        Assert.AreEqual(channels * row, coveredHalves);
    }

    [TestMethod]
    public void ShareSpans_ShareLargerThanTheBudget_StopsAtTheBudget()
    {
        // 4096 columns: 16 blocks, 1056 bytes a row; 2000 rows on one thread is a 2.1 MB share, four times the budget.
        var big = new RandomTernaryMatrix(2000, 4096, TernaryFormat.Tq2_0, new Random(9), _ => 0);
        ProjectionLookahead lookahead = default;
        lookahead.Set(1, big.Matrix, null, null);

        (long Start, long Length)[] spans = Spans(lookahead, worker: 0);

        Assert.HasCount(1, spans);
        Assert.AreEqual((long)big.Matrix.Packed, spans[0].Start);
        Assert.AreEqual(ProjectionLookahead.MaxBytes, spans[0].Length);
    }

    [TestMethod]
    public void ShareSpans_NothingAnnouncedOrAWorkerWithNoShare_IsEmpty()
    {
        var small = new RandomTernaryMatrix(4, 256, TernaryFormat.Tq2_0, new Random(3));
        ProjectionLookahead lookahead = default;
        Assert.IsEmpty(Spans(lookahead, worker: 1));

        lookahead.Set(4, small.Matrix, null, null);                     // one chunk: only thread 0 has rows
        Assert.HasCount(1, Spans(lookahead, worker: 0));
        Assert.IsEmpty(Spans(lookahead, worker: 1));
        Assert.IsEmpty(Spans(lookahead, worker: 3));
    }

    private static (long Start, long Length)[] Spans(ProjectionLookahead lookahead, int worker)
    {
        byte** starts = stackalloc byte*[ProjectionLookahead.MaxMatrices];
        long* lengths = stackalloc long[ProjectionLookahead.MaxMatrices];
        int count = lookahead.ShareSpans(worker, starts, lengths);
        var spans = new (long, long)[count];
        for (int k = 0; k < count; k++) spans[k] = ((long)starts[k], lengths[k]);
        return spans;
    }
}

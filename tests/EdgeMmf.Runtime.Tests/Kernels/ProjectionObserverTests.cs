using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Testing;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed unsafe class ProjectionObserverTests
{
    /// <summary>
    /// Counts what the projector tells it, one slot of ints per call: rows, homes, how many shares had finished when
    /// End came, then each home's starts and finishes. Declines every call whose index is odd when asked to.
    /// </summary>
    private sealed class CountingObserver : ProjectionObserver, IDisposable
    {
        private const int Header = 3;
        private readonly int* _slots;
        private readonly int _capacity;
        private readonly bool _declineOdd;

        public CountingObserver(int capacity, int threads, bool declineOdd = false) : base(threads, &Started, &Finished)
        {
            _capacity = capacity;
            _declineOdd = declineOdd;
            _slots = (int*)NativeMemory.AllocZeroed((nuint)(capacity * SlotInts * sizeof(int)));
        }

        public int Begun { get; private set; }
        public int Observed { get; private set; }
        public int Ended { get; private set; }

        private int SlotInts => Header + 2 * Threads;

        public int* Slot(int observed) => _slots + observed * SlotInts;

        protected internal override void* Begin(int rows, long weightBytes, int homes)
        {
            int call = Begun++;
            if (_declineOdd && call % 2 == 1) return null;
            if (Observed == _capacity) throw new InvalidOperationException("more calls than the test expects");
            int* slot = Slot(Observed++);
            slot[0] = rows;
            slot[1] = homes;
            return slot;
        }

        protected internal override void End(void* record)
        {
            int* slot = (int*)record;
            for (int h = 0; h < slot[1]; h++) slot[2] += slot[Header + 2 * h + 1];
            Ended++;
        }

        private static void Started(void* record, int home) => ((int*)record)[Header + 2 * home]++;

        private static void Finished(void* record, int home) => ((int*)record)[Header + 2 * home + 1]++;

        public void Dispose() => NativeMemory.Free(_slots);
    }

    /// <summary>2048 rows of 1024 columns: several chunks, so two threads each get a home share.</summary>
    private static RandomTernaryMatrix SplitMatrix() => new(2048, 1024, TernaryFormat.Tq2_0, new Random(21));

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void Gemv_Observed_ReportsEveryShareOnceBetweenBeginAndEnd(int threads)
    {
        RandomTernaryMatrix packed = SplitMatrix();
        sbyte[] x = packed.RandomActivations(1, new Random(22));
        var acc = new int[packed.Matrix.Rows];
        using var projector = new TernaryProjector(threads);
        using var observer = new CountingObserver(capacity: 16, threads);
        projector.Observer = observer;
        for (int k = 0; k < 16; k++) projector.Gemv(packed.Matrix, x, acc);

        Assert.AreEqual(16, observer.Ended);
        CollectionAssert.AreEqual(packed.ReferenceAccumulators(x, 1), acc); // observing changes no result
        for (int k = 0; k < 16; k++)
        {
            int* slot = observer.Slot(k);
            Assert.AreEqual(2048, slot[0]);
            Assert.AreEqual(threads, slot[1], "the matrix is long enough for a share per thread");
            Assert.AreEqual(threads, slot[2], $"call {k}: every share had finished when End came");
            for (int h = 0; h < threads; h++)
            {
                Assert.AreEqual(1, slot[3 + 2 * h], $"call {k}, home {h} started");
                Assert.AreEqual(1, slot[3 + 2 * h + 1], $"call {k}, home {h} finished");
            }
        }
    }

    [TestMethod]
    public void Gemv_CallsTheObserverDeclines_GetNoCallbackAndNoEnd()
    {
        RandomTernaryMatrix packed = SplitMatrix();
        sbyte[] x = packed.RandomActivations(1, new Random(23));
        var acc = new int[packed.Matrix.Rows];
        using var projector = new TernaryProjector(2);
        using var observer = new CountingObserver(capacity: 5, threads: 2, declineOdd: true);
        projector.Observer = observer;
        for (int k = 0; k < 10; k++) projector.Gemv(packed.Matrix, x, acc);
        projector.Observer = null;
        projector.Gemv(packed.Matrix, x, acc); // detached: not told

        Assert.AreEqual(10, observer.Begun);
        Assert.AreEqual(5, observer.Observed);
        Assert.AreEqual(5, observer.Ended);
        for (int k = 0; k < 5; k++)
            Assert.AreEqual(2, observer.Slot(k)[2], $"observed call {k}: a declined call's shares were counted into it");
        CollectionAssert.AreEqual(packed.ReferenceAccumulators(x, 1), acc);
    }

    [TestMethod]
    public void Observer_ForFewerThreadsThanTheProjector_IsRefused()
    {
        using var projector = new TernaryProjector(2);
        using var observer = new CountingObserver(capacity: 1, threads: 1);
        Assert.ThrowsExactly<ArgumentException>(() => projector.Observer = observer);
        Assert.IsNull(projector.Observer);
    }
}

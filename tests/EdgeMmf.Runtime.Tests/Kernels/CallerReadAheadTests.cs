using EdgeMmf.Testing;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed class CallerReadAheadTests
{
    [TestMethod]
    public void Touch_ReadsTheFirstFloatOfEveryCacheLineOfEveryArray()
    {
        var readAhead = new CallerReadAhead();
        float[] a = Enumerable.Range(0, 40).Select(i => (float)i).ToArray();     // lines start at 0, 16, 32
        float[] b = Enumerable.Range(0, 16).Select(i => 100f + i).ToArray();     // one line: 100
        readAhead.Add(a);
        readAhead.Add(b);

        Assert.AreEqual(0f + 16f + 32f + 100f, readAhead.Touch());
    }

    [TestMethod]
    public void Add_BeyondTheLimit_IgnoresTheRestAndClearForgetsAll()
    {
        var readAhead = new CallerReadAhead();
        for (int k = 0; k < CallerReadAhead.MaxArrays + 3; k++) readAhead.Add([1f]);
        Assert.AreEqual(CallerReadAhead.MaxArrays, readAhead.Count);
        Assert.AreEqual(CallerReadAhead.MaxArrays, readAhead.Touch());

        readAhead.Clear();
        Assert.AreEqual(0, readAhead.Count);
        Assert.AreEqual(0f, readAhead.Touch());
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void Project_WithReadAheadAndLookahead_GivesTheSameOutputsAsWithout(int threads)
    {
        var random = new Random(threads);
        var m = new RandomTernaryMatrix(301, 640, TernaryFormat.Tq2_0, random);
        var next = new RandomTernaryMatrix(130, 1024, TernaryFormat.Tq2_0, random);
        sbyte[] x = m.RandomActivations(1, random);
        float[] denominators = [0.37f];
        float[] plain = new float[301], hinted = new float[301];
        using var projector = new TernaryProjector(threads);
        projector.Project(new ProjectionTask(m.Matrix, x, 1, denominators, plain));
        for (int call = 0; call < 50; call++)
        {
            projector.ExpectNext(next.Matrix);
            projector.ReadAfterNextCall(new float[1000]);
            projector.Project(new ProjectionTask(m.Matrix, x, 1, denominators, hinted));
            CollectionAssert.AreEqual(plain, hinted, $"call {call}");
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void Hints_AreUsedByTheNextCallOnlyOrDroppedByForgetHints(int threads)
    {
        var random = new Random(7);
        var m = new RandomTernaryMatrix(64, 256, TernaryFormat.Tq2_0, random);
        sbyte[] x = m.RandomActivations(1, random);
        float[] output = new float[64];
        using var projector = new TernaryProjector(threads);

        projector.ExpectNext(m.Matrix);
        projector.ReadAfterNextCall(new float[16]);
        projector.ReadAfterNextCall(new float[16]);
        Assert.AreEqual(3, projector.PendingHints);
        projector.Project(new ProjectionTask(m.Matrix, x, 1, [1f], output));
        Assert.AreEqual(0, projector.PendingHints, "the call consumed them");

        projector.ExpectNext(m.Matrix);
        projector.ReadAfterNextCall(new float[16]);
        projector.ForgetHints();                                            // the call went elsewhere
        Assert.AreEqual(0, projector.PendingHints);
    }
}

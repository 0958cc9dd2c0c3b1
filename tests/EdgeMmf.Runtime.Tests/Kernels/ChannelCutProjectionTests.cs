using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Testing;

namespace EdgeMmf.Runtime.Tests.Kernels;

/// <summary>Calls cut by output channel (a layer's i, f and g; gate|up in halves) and the epilogue each range runs.</summary>
[TestClass]
public sealed unsafe class ChannelCutProjectionTests
{
    public static IEnumerable<object[]> Paths => TernaryProjectorTests.Paths;

    /// <summary>What the test epilogue sees: the outputs of every projection, copied when the range's epilogue runs.</summary>
    private struct Witness
    {
        public float* A, B, C, CopyA, CopyB, CopyC;
        public int* Calls;
        public int* RangeStarts;
        public int Width, Tokens, Ranges;
    }

    private static void CopyRange(void* state, int first, int end)
    {
        Witness* w = (Witness*)state;
        for (int t = 0; t < w->Tokens; t++)
            for (int c = first; c < end; c++)
            {
                long at = (long)t * w->Width + c;
                w->CopyA[at] = w->A[at];
                w->CopyB[at] = w->B[at];
                if (w->C != null) w->CopyC[at] = w->C[at];
            }
        for (int c = first; c < end; c++) Interlocked.Increment(ref w->Calls[c]);
        int slot = Interlocked.Increment(ref w->Ranges) - 1;
        w->RangeStarts[slot] = first;
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Project_CutByChannel_GivesEachMatrixsSumsAndRunsTheEpilogueOnceOnFinishedChannels(KernelPath path)
    {
        var random = new Random(41);
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (int tokens in new[] { 1, 5 })
                foreach (int channels in new[] { 7, 100, 333 })
                {
                    var a = new RandomTernaryMatrix(channels, 512, TernaryFormat.Tq2_0, random);
                    var b = new RandomTernaryMatrix(channels, 512, TernaryFormat.Tq2_0, random);
                    var c = new RandomTernaryMatrix(channels, 512, TernaryFormat.Tq2_0, random);
                    sbyte[] xa = a.RandomActivations(tokens, random), xb = b.RandomActivations(tokens, random), xc = c.RandomActivations(tokens, random);
                    float[] da = TernaryProjectorTests.RandomDenominators(tokens, random), db = TernaryProjectorTests.RandomDenominators(tokens, random), dc = TernaryProjectorTests.RandomDenominators(tokens, random);
                    float[] oa = new float[tokens * channels], ob = new float[tokens * channels], oc = new float[tokens * channels];
                    float[] ca = new float[oa.Length], cb = new float[ob.Length], cc = new float[oc.Length];
                    int[] calls = new int[channels], starts = new int[channels];
                    using var projector = new TernaryProjector(threads, KernelSelector.Create(path)) { ChannelCutFrom = 2 };
                    fixed (float* pa = oa, pb = ob, pc = oc, pca = ca, pcb = cb, pcc = cc)
                    fixed (int* pcalls = calls, pstarts = starts)
                    {
                        var witness = new Witness { A = pa, B = pb, C = pc, CopyA = pca, CopyB = pcb, CopyC = pcc, Calls = pcalls, RangeStarts = pstarts, Width = channels, Tokens = tokens };
                        projector.Project(
                            new ProjectionTask(a.Matrix, xa, tokens, da, oa),
                            new ProjectionTask(b.Matrix, xb, tokens, db, ob),
                            new ProjectionTask(c.Matrix, xc, tokens, dc, oc),
                            new ChannelEpilogue(&CopyRange, &witness));
                        string what = $"{KernelSelector.NameOf(path)}, {channels} channels, {tokens} token(s), {threads} thread(s)";
                        float[] ea = TernaryProjectorTests.ExpectedOutputs(a, xa, tokens, da);
                        CollectionAssert.AreEqual(ea, oa, "first, " + what);
                        CollectionAssert.AreEqual(TernaryProjectorTests.ExpectedOutputs(b, xb, tokens, db), ob, "second, " + what);
                        CollectionAssert.AreEqual(TernaryProjectorTests.ExpectedOutputs(c, xc, tokens, dc), oc, "third, " + what);
                        CollectionAssert.AreEqual(oa, ca, "the epilogue saw the first matrix's finished outputs, " + what);
                        CollectionAssert.AreEqual(ob, cb, "... the second's, " + what);
                        CollectionAssert.AreEqual(oc, cc, "... the third's, " + what);
                        CollectionAssert.AreEqual(Enumerable.Repeat(1, channels).ToArray(), calls, "each channel once, " + what);
                        int width = TernaryProjector.ChannelWidth(channels, 3 * a.Matrix.RowBytes, threads);
                        int[] expectedStarts = threads == 1 ? [0] : Enumerable.Range(0, ChannelRanges.Count(channels, width)).Select(r => r * width).ToArray();
                        int[] seen = starts[..witness.Ranges];
                        Array.Sort(seen);
                        CollectionAssert.AreEqual(expectedStarts, seen, "one range on one thread, else the shapes and the thread count fix the ranges, " + what);
                    }
                }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void ProjectHalves_GivesTheMatrixsSumsAndRunsTheEpilogueOnBothHalvesOfEachChannel(KernelPath path)
    {
        var random = new Random(42);
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (int tokens in new[] { 1, 4 })
                foreach (int channels in new[] { 9, 250 })
                {
                    var m = new RandomTernaryMatrix(2 * channels, 300, TernaryFormat.Tq1_0, random);
                    sbyte[] x = m.RandomActivations(tokens, random);
                    float[] d = TernaryProjectorTests.RandomDenominators(tokens, random);
                    float[] output = new float[tokens * 2 * channels], copy = new float[output.Length];
                    int[] calls = new int[channels], starts = new int[channels];
                    using var projector = new TernaryProjector(threads, KernelSelector.Create(path)) { ChannelCutFrom = 2 };
                    fixed (float* po = output, pc = copy)
                    fixed (int* pcalls = calls, pstarts = starts)
                    {
                        // Token t's gate half is output[t * 2C + c], its value half output[t * 2C + C + c]: seen as two
                        // [tokens, 2C] arrays offset by C, channels [0, C) of each.
                        var witness = new Witness { A = po, B = po + channels, CopyA = pc, CopyB = pc + channels, Calls = pcalls, RangeStarts = pstarts, Width = 2 * channels, Tokens = tokens };
                        projector.ProjectHalves(new ProjectionTask(m.Matrix, x, tokens, d, output), new ChannelEpilogue(&CopyRange, &witness));
                        string what = $"{KernelSelector.NameOf(path)}, {channels} channels, {tokens} token(s), {threads} thread(s)";
                        CollectionAssert.AreEqual(TernaryProjectorTests.ExpectedOutputs(m, x, tokens, d), output, what);
                        CollectionAssert.AreEqual(output, copy, "the epilogue saw both halves finished, " + what);
                        CollectionAssert.AreEqual(Enumerable.Repeat(1, channels).ToArray(), calls, "each channel once, " + what);
                    }
                }
    }

    [TestMethod]
    public void Project_BelowTheChannelCutThreadCount_RunsTheEpilogueOnceOnAllChannelsAfterTheCall()
    {
        var random = new Random(43);
        var a = new RandomTernaryMatrix(200, 256, TernaryFormat.Tq2_0, random);
        sbyte[] x = a.RandomActivations(1, random);
        float[] d = [1.5f], oa = new float[200], ob = new float[200], oc = new float[200], ca = new float[200], cb = new float[200], cc = new float[200];
        int[] calls = new int[200], starts = new int[200];
        using var projector = new TernaryProjector(TernaryProjector.ChannelCutThreads - 1);
        fixed (float* pa = oa, pb = ob, pc = oc, pca = ca, pcb = cb, pcc = cc)
        fixed (int* pcalls = calls, pstarts = starts)
        {
            var witness = new Witness { A = pa, B = pb, C = pc, CopyA = pca, CopyB = pcb, CopyC = pcc, Calls = pcalls, RangeStarts = pstarts, Width = 200, Tokens = 1 };
            projector.Project(new ProjectionTask(a.Matrix, x, 1, d, oa), new ProjectionTask(a.Matrix, x, 1, d, ob), new ProjectionTask(a.Matrix, x, 1, d, oc),
                new ChannelEpilogue(&CopyRange, &witness));
            Assert.AreEqual(1, witness.Ranges, "one range");
            CollectionAssert.AreEqual(oa, ca, "after the call: every output final");
            CollectionAssert.AreEqual(TernaryProjectorTests.ExpectedOutputs(a, x, 1, d), oa);
        }
    }

    [TestMethod]
    public void ChannelRanges_AreAlignedAndNoneButASmallWholeIsShorterThanTheAlignment()
    {
        foreach (int bytes in new[] { 132, 198, 792, 5000, 40_000 })
            foreach (int channels in new[] { 1, 15, 16, 17, 100, 1024, 1030, 2816 })
            {
                int width = ChannelRanges.Width(bytes), count = ChannelRanges.Count(channels, width);
                Assert.AreEqual(0, width % ChannelRanges.Alignment, $"width {width}");
                int covered = 0;
                for (int r = 0; r < count; r++)
                {
                    int end = ChannelRanges.End(r, width, channels);
                    Assert.AreEqual(covered, r * width, "ranges follow each other");
                    Assert.IsTrue(end - r * width >= Math.Min(ChannelRanges.Alignment, channels), $"range {r} of {channels} channels, width {width}");
                    covered = end;
                }
                Assert.AreEqual(channels, covered, $"{channels} channels, {bytes} bytes a channel");
            }
    }
}

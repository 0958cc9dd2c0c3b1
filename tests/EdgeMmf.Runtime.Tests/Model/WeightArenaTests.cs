using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Model;

[TestClass]
public sealed unsafe class WeightArenaTests
{
    [TestMethod]
    public void Load_HugePages_CopiesEveryMatrixByteForByteAndGivesTheSameLogits()
    {
        string checkpoint = TestModels.Checkpoint(TestModels.Small, seed: 12);
        var options = new ModelLoadOptions { CacheRoot = Path.Combine(Path.GetTempPath(), "edgemmf-cache-" + Guid.NewGuid().ToString("N")) };
        using HgrnBitModel mapped = ModelFiles.Load(checkpoint, WeightPlacement.Mapped, options);
        using HgrnBitModel moved = ModelFiles.Load(checkpoint, WeightPlacement.HugePages, options);

        Assert.AreEqual(WeightPlacement.Mapped, mapped.Placement);
        Assert.AreEqual(WeightPlacement.HugePages, moved.Placement);
        Assert.AreEqual(LinuxMemoryAdvice.HugePagesAvailable, moved.HugePagesAdvised);
        var all = new List<(TernaryMatrix From, TernaryMatrix To)>();
        for (int n = 0; n < mapped.Layers.Length; n++)
            for (int k = 0; k < 6; k++)
                all.Add((mapped.Layers[n].Projections[k].Weight, moved.Layers[n].Projections[k].Weight));
        all.Add((mapped.LmHead.Weight, moved.LmHead.Weight));
        byte* previousEnd = null;
        foreach ((TernaryMatrix from, TernaryMatrix to) in all)
        {
            Assert.AreNotEqual((nint)from.Packed, (nint)to.Packed, $"{to.Name} still points into the file");
            Assert.AreEqual(0, (nint)to.Packed % 64, $"{to.Name} starts off a cache line");
            Assert.IsTrue(previousEnd == null || to.Packed >= previousEnd, $"{to.Name} overlaps the matrix before it or is out of decode order");
            previousEnd = to.Packed + to.PackedBytes;
            Assert.AreEqual((from.Name, from.Rows, from.Columns, from.WeightScale, from.Format), (to.Name, to.Rows, to.Columns, to.WeightScale, to.Format));
            Assert.IsTrue(new ReadOnlySpan<byte>(from.Packed, (int)from.PackedBytes).SequenceEqual(new ReadOnlySpan<byte>(to.Packed, (int)to.PackedBytes)), to.Name);
        }

        int[] prompt = [1, 17, 42, 99, 5, 250];
        Assert.IsTrue(Logits(mapped, prompt).AsSpan().SequenceEqual(Logits(moved, prompt)), "logits differ after the move");
    }

    [TestMethod]
    public void NativeBuffer_HugePages_IsZeroedAndTwoMegabyteAlignedWhereLinuxOffersThem()
    {
        using var buffer = new NativeBuffer(3 * 1024 * 1024 + 5, hugePages: true);
        long alignment = LinuxMemoryAdvice.HugePagesAvailable ? LinuxMemoryAdvice.HugePageBytes : 64;
        Assert.AreEqual(0, (long)buffer.Pointer % alignment);
        Assert.AreEqual(LinuxMemoryAdvice.HugePagesAvailable, buffer.HugePagesAdvised);
        var bytes = new ReadOnlySpan<byte>(buffer.Pointer, (int)buffer.Length);
        Assert.AreEqual(-1, bytes.IndexOfAnyExcept((byte)0));
    }

    [TestMethod]
    [DataRow("mapped", WeightPlacement.Mapped)]
    [DataRow(" Huge-Pages ", WeightPlacement.HugePages)]
    public void Parse_KnownNames_AreAcceptedInAnyCase(string text, WeightPlacement expected) =>
        Assert.AreEqual(expected, WeightPlacements.Parse(text));

    [TestMethod]
    public void Parse_UnknownName_IsNull() => Assert.IsNull(WeightPlacements.Parse("hugepages2"));

    private static float[] Logits(HgrnBitModel model, int[] prompt)
    {
        using var projector = new TernaryProjector(2);
        var forward = new FastForward(model, projector);
        var state = new InferenceState(model.Config);
        forward.Forward(prompt, state);
        forward.Forward([7], state);
        return state.Logits.ToArray();
    }
}

using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Model;

/// <summary>The read-ahead schedule names, for each call, the call the forward pass makes next and what it reads.</summary>
[TestClass]
public sealed class ReadAheadScheduleTests
{
    private static readonly HgrnBitConfig Shape = new() { VocabSize = 512, HiddenSize = 256, NumHiddenLayers = 3, BosTokenId = 1, EosTokenId = 2 };

    [TestMethod]
    public void Steps_FollowTheForwardPass_LayerByLayerThenTheHeadThenLayerZero()
    {
        using HgrnBitModel model = RandomModel.Create(Shape, 3);
        var schedule = new ReadAheadSchedule(model);
        var expected = new List<TernaryMatrix>();
        foreach (HgrnBitLayerWeights w in model.Layers)
            expected.AddRange([w.IProj.Weight, w.OProj.Weight, w.GateProj.Weight, w.DownProj.Weight]);
        expected.Add(model.LmHead.Weight);
        expected.Add(model.Layers[0].IProj.Weight);

        TernaryMatrix at = expected[0];
        for (int k = 1; k < expected.Count; k++)
        {
            ReadAheadSchedule.Step? step = schedule.StepAfter(at);
            Assert.IsNotNull(step, $"no step after {at.Name}");
            Assert.AreSame(expected[k], step.NextA, $"after {at.Name}");
            at = step.NextA;
        }
        for (int n = 0; n < model.Layers.Length; n++)
        {
            HgrnBitLayerWeights w = model.Layers[n];
            Assert.AreEqual(CallCut.Halves, schedule.StepAfter(w.OProj.Weight)!.NextCut, "gate|up is cut by channel, in two halves");
            Assert.IsNull(schedule.StepAfter(w.FProj.Weight), "f and g run in i's call, never first");
            if (n + 1 < model.Layers.Length)
                Assert.AreSame(model.Layers[n + 1].GProj.Weight, schedule.StepAfter(w.DownProj.Weight)!.NextC, "the next layer's i, f and g are one call");
        }
        ReadAheadSchedule.Step afterHead = schedule.StepAfter(model.LmHead.Weight)!;
        Assert.AreSame(model.Layers[0].FProj.Weight, afterHead.NextB, "the next token's first call is layer 0's i, f and g");
        Assert.AreSame(model.Layers[0].GProj.Weight, afterHead.NextC);
        Assert.AreEqual(CallCut.Channels, afterHead.NextCut, "i, f and g are cut by channel");
    }

    [TestMethod]
    public void Announce_NamesTheNextCallAndTheArraysTheCallerReads()
    {
        using HgrnBitModel model = RandomModel.Create(Shape, 4);
        var schedule = new ReadAheadSchedule(model);
        using var projector = new TernaryProjector(2);
        HgrnBitLayerWeights layer1 = model.Layers[1];
        int arrays = schedule.StepAfter(layer1.IProj.Weight)!.Arrays.Length;

        schedule.Announce(layer1.IProj.Weight, projector);
        Assert.AreEqual(1 + arrays, projector.PendingHints, "the next call and the step's arrays");
        projector.ForgetHints();

        schedule.Announce(layer1.FProj.Weight, projector);
        Assert.AreEqual(0, projector.PendingHints, "a matrix that never starts a call announces nothing");
    }
}

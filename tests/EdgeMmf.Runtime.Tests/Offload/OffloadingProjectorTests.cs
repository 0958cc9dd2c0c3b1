using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Offload;

namespace EdgeMmf.Runtime.Tests.Offload;

/// <summary>The offloading projector gives the CPU's outputs bit for bit, from the device or, once it fails, from the CPU.</summary>
[TestClass]
public sealed class OffloadingProjectorTests
{
    private static readonly HgrnBitConfig Shape = new() { VocabSize = 512, HiddenSize = 256, NumHiddenLayers = 2, BosTokenId = 1, EosTokenId = 2 };

    /// <summary>Runs layer 0 and the LM head with exact sums (a one-thread CPU projector), failing at call <see cref="FailAt"/>.</summary>
    private sealed class FakeDevice : IProjectionOffload, IDisposable
    {
        private readonly TernaryProjector _exact = new(1);
        public int FailAt { get; init; } = int.MaxValue;
        public int Calls { get; private set; }
        public string? FailureReason { get; private set; }
        public bool Handles(int layer, TernaryMatrix matrix) => layer is 0 or -1;

        public bool TryComputeAccumulators(TernaryMatrix matrix, ReadOnlySpan<sbyte> activations, int tokens, Span<int> accumulators)
        {
            if (++Calls == FailAt)
            {
                FailureReason = "link down";
                return false;
            }
            _exact.Gemm(matrix, activations, tokens, accumulators);
            return true;
        }

        public void Dispose() => _exact.Dispose();
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void Project_HandledAndOtherMatrices_GiveTheCpusOutputs(int tokens)
    {
        using HgrnBitModel model = RandomModel.Create(Shape, 5);
        using var cpu = new TernaryProjector(2);
        using var device = new FakeDevice();
        var offloading = new OffloadingProjector(model, cpu, device);

        foreach (TernaryMatrix m in new[] { model.Layers[0].OProj.Weight, model.Layers[1].OProj.Weight, model.LmHead.Weight })
        {
            (sbyte[] q, float[] denominators) = Inputs(m, tokens, seed: m.Rows);
            float[] expected = new float[tokens * m.Rows], actual = new float[tokens * m.Rows];
            cpu.Project(new ProjectionTask(m, q, tokens, denominators, expected));
            offloading.Project(new ProjectionTask(m, q, tokens, denominators, actual));
            CollectionAssert.AreEqual(expected, actual, m.Name);
        }
        Assert.AreEqual(2, device.Calls, "layer 0's o_proj and the LM head went to the device, layer 1's did not");
        Assert.IsFalse(offloading.Failed);
    }

    [TestMethod]
    public void Project_DeviceFails_TheCpuRedoesThatCallAndTakesEveryLaterOne()
    {
        using HgrnBitModel model = RandomModel.Create(Shape, 6);
        using var cpu = new TernaryProjector(2);
        using var device = new FakeDevice { FailAt = 2 };
        var offloading = new OffloadingProjector(model, cpu, device);
        var notices = new List<string>();
        offloading.FellBack += notices.Add;
        HgrnBitLayerWeights w = model.Layers[0];

        for (int call = 0; call < 4; call++)
        {
            (sbyte[] qi, float[] di) = Inputs(w.IProj.Weight, 1, seed: 10 * call);
            (sbyte[] qf, float[] df) = Inputs(w.FProj.Weight, 1, seed: 10 * call + 1);
            (sbyte[] qg, float[] dg) = Inputs(w.GProj.Weight, 1, seed: 10 * call + 2);
            float[][] expected = [new float[w.IProj.Weight.Rows], new float[w.FProj.Weight.Rows], new float[w.GProj.Weight.Rows]];
            float[][] actual = [new float[w.IProj.Weight.Rows], new float[w.FProj.Weight.Rows], new float[w.GProj.Weight.Rows]];
            cpu.Project(new ProjectionTask(w.IProj.Weight, qi, 1, di, expected[0]), new ProjectionTask(w.FProj.Weight, qf, 1, df, expected[1]),
                new ProjectionTask(w.GProj.Weight, qg, 1, dg, expected[2]));
            offloading.Project(new ProjectionTask(w.IProj.Weight, qi, 1, di, actual[0]), new ProjectionTask(w.FProj.Weight, qf, 1, df, actual[1]),
                new ProjectionTask(w.GProj.Weight, qg, 1, dg, actual[2]));
            for (int k = 0; k < 3; k++) CollectionAssert.AreEqual(expected[k], actual[k], $"call {call}, projection {k}");
        }
        Assert.AreEqual(2, device.Calls, "nothing reaches the device after it failed");
        Assert.IsTrue(offloading.Failed);
        CollectionAssert.AreEqual(new[] { "link down" }, notices);
    }

    private static (sbyte[] Q, float[] Denominators) Inputs(TernaryMatrix m, int tokens, int seed)
    {
        var random = new Random(seed);
        var q = new sbyte[tokens * m.PaddedColumns];
        for (int t = 0; t < tokens; t++)
            for (int j = 0; j < m.Columns; j++) q[t * m.PaddedColumns + j] = (sbyte)random.Next(-127, 128);
        var denominators = new float[tokens];
        for (int t = 0; t < tokens; t++) denominators[t] = 0.5f + (float)random.NextDouble();
        return (q, denominators);
    }
}

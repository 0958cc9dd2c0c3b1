using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Model;

[TestClass]
public sealed class FastForwardTests
{
    // Float tolerance between the oracle and the fast path: the int8 accumulations are exact, but the
    // fast path's float reductions run in another order; a rounding flip of one int8 step can then move
    // a logit by ~1e-3 on this size, so most positions agree to 1e-5 and all to 2e-2.
    private const float TightTolerance = 1e-4f;

    [TestMethod]
    public void Forward_TokenByToken_MatchesTheScalarOracle()
    {
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 1));
        var oracle = new ReferenceForward(model);
        using var projector = new TernaryProjector(2);
        var fast = new FastForward(model, projector);
        var oracleState = new RecurrentState(model.Config);
        var fastState = new InferenceState(model.Config);
        var expected = new float[model.Config.VocabSize];
        int[] tokens = [1, 17, 250, 3, 3, 99, 42, 7];
        int close = 0;
        foreach (int token in tokens)
        {
            oracle.Step(oracleState, token, expected);
            fast.Forward([token], fastState);
            float worst = MaxAbsDifference(expected, fastState.Logits);
            if (worst <= TightTolerance) close++;
            Assert.IsTrue(worst < 2e-2f, $"token {token}: max |Δlogit| {worst}");
        }
        Assert.IsTrue(close >= tokens.Length - 1, $"only {close} of {tokens.Length} steps agree within {TightTolerance}");
    }

    [TestMethod]
    public void Forward_BatchedPrefill_MatchesTokenByTokenDecode()
    {
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 2));
        using var projector = new TernaryProjector(2);
        var fast = new FastForward(model, projector);
        int[] prompt = [1, 5, 9, 200, 13, 77, 31, 8, 8, 150, 4];
        var batched = new InferenceState(model.Config, maxBatch: 4);   // 11 tokens: chunks of 4, 4, 3
        fast.Forward(prompt, batched);
        var stepwise = new InferenceState(model.Config, maxBatch: 1);
        foreach (int token in prompt) fast.Forward([token], stepwise);

        // Same kernels and same per-token float order: prefill and decode must agree exactly.
        CollectionAssert.AreEqual(stepwise.Logits, batched.Logits);
        for (int n = 0; n < model.Config.NumHiddenLayers; n++)
            CollectionAssert.AreEqual(stepwise.Recurrent.H[n], batched.Recurrent.H[n]);
        Assert.AreEqual(prompt.Length, batched.Recurrent.Position);
    }

    [TestMethod]
    public void Forward_Decode_IsTheSameOnEveryThreadCount()
    {
        // Hidden 160 and I = 512 cut into 64-channel chunks with a 32-channel tail: every thread count must give
        // the batched path's logits and state bit for bit (ParallelDecodeStep's elementwise steps run on slices).
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 3));
        int[] prompt = [1, 5, 9, 200, 13, 77, 31, 8];
        var batched = new InferenceState(model.Config, maxBatch: 8);
        using (var projector = new TernaryProjector(2)) new FastForward(model, projector).Forward(prompt, batched);
        foreach (int threads in new[] { 1, 2, 3, 4, 7 })
        {
            using var projector = new TernaryProjector(threads);
            var fast = new FastForward(model, projector, decodeStep: DecodeStepMode.Parallel);
            Assert.AreEqual(DecodeStepMode.Parallel, fast.DecodeStep);
            var stepwise = new InferenceState(model.Config, maxBatch: 1);
            foreach (int token in prompt) fast.Forward([token], stepwise);
            CollectionAssert.AreEqual(batched.Logits, stepwise.Logits, $"{threads} thread(s)");
            for (int n = 0; n < model.Config.NumHiddenLayers; n++)
                CollectionAssert.AreEqual(batched.Recurrent.H[n], stepwise.Recurrent.H[n], $"{threads} thread(s), layer {n}");
        }
    }

    [TestMethod]
    public void Forward_Decode_ParallelStepReadsLookupTiles()
    {
        // With the avx2-lut path the parallel step must decode from the repacked tiles (gate|up's second half
        // starting I rows in) and still give the batched step's logits and state bit for bit.
        if (!KernelSelector.IsSupported(KernelPath.Avx2Lut)) Assert.Inconclusive("AVX2 is off in this process: no avx2-lut path");
        TernaryKernel lookup = KernelSelector.Create(KernelPath.Avx2Lut);
        using HgrnBitModel model = LookupTileArena.AddTo(HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 4)));
        int[] prompt = [3, 1, 4, 159, 26, 5];
        InferenceState Decode(DecodeStepMode mode, int threads)
        {
            using var projector = new TernaryProjector(threads, lookup);
            var fast = new FastForward(model, projector, decodeStep: mode);
            var state = new InferenceState(model.Config, maxBatch: 1);
            foreach (int token in prompt) fast.Forward([token], state);
            return state;
        }
        InferenceState batched = Decode(DecodeStepMode.Batched, 2);
        foreach (int threads in new[] { 1, 3 })
        {
            InferenceState parallel = Decode(DecodeStepMode.Parallel, threads);
            CollectionAssert.AreEqual(batched.Logits, parallel.Logits, $"{threads} thread(s)");
            for (int n = 0; n < model.Config.NumHiddenLayers; n++)
                CollectionAssert.AreEqual(batched.Recurrent.H[n], parallel.Recurrent.H[n], $"{threads} thread(s), layer {n}");
        }
    }

    internal static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float worst = 0;
        for (int k = 0; k < a.Length; k++) worst = Math.Max(worst, Math.Abs(a[k] - b[k]));
        return worst;
    }
}

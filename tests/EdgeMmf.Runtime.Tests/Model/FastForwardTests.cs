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
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(TernaryProjector.ChannelCutThreads)]
    public void Forward_OnSeveralThreads_GivesTheOneThreadLogitsBitForBit(int threads)
    {
        // The gates run on ranges of channels where calls are cut by channel (here from 2 threads), on all channels at
        // once on one thread (ChannelEpilogue).
        using HgrnBitModel model = RandomModel.Create(new HgrnBitConfig { VocabSize = 300, HiddenSize = 1040, NumHiddenLayers = 2, BosTokenId = 1, EosTokenId = 2 }, 7);
        int[] prompt = [1, 5, 9, 200, 13];
        using var one = new TernaryProjector(1);
        using var many = new TernaryProjector(threads) { ChannelCutFrom = 2 };
        var single = new InferenceState(model.Config);
        var parallel = new InferenceState(model.Config);
        new FastForward(model, one).Forward(prompt, single);
        new FastForward(model, many).Forward(prompt, parallel);
        CollectionAssert.AreEqual(single.Logits, parallel.Logits, "prefill");
        new FastForward(model, one).Forward([42], single);
        new FastForward(model, many).Forward([42], parallel);
        CollectionAssert.AreEqual(single.Logits, parallel.Logits, "decode");
        for (int n = 0; n < model.Config.NumHiddenLayers; n++)
            CollectionAssert.AreEqual(single.Recurrent.H[n], parallel.Recurrent.H[n], $"h of layer {n}");
    }

    internal static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float worst = 0;
        for (int k = 0; k < a.Length; k++) worst = Math.Max(worst, Math.Abs(a[k] - b[k]));
        return worst;
    }
}

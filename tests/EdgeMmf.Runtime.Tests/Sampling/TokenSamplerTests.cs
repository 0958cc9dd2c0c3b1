using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Runtime.Tests.Sampling;

[TestClass]
public sealed class TokenSamplerTests
{
    private static float[] Logits(int vocab, int seed)
    {
        var random = new Random(seed);
        var logits = new float[vocab];
        for (int k = 0; k < vocab; k++) logits[k] = (float)(random.NextDouble() * 10 - 5);
        return logits;
    }

    [TestMethod]
    public void Sample_Greedy_ReturnsTheArgMax()
    {
        float[] logits = Logits(1000, 1);
        logits[321] = 50;
        var sampler = new TokenSampler(1000, SamplingOptions.Greedy);
        Assert.AreEqual(321, sampler.Sample(logits, []));
    }

    [TestMethod]
    [DataRow(1e-45f)]
    [DataRow(1e-38f)]
    [DataRow(1e-30f)]
    public void Sample_TemperatureSoSmallItsInverseOverflows_IsGreedy(float temperature)
    {
        for (int seed = 0; seed < 20; seed++)
        {
            float[] logits = Logits(1000, seed);
            int best = TokenSampler.ArgMax(logits);
            var sampler = new TokenSampler(1000, new SamplingOptions { Temperature = temperature, TopK = 0, TopP = 1, RepeatPenalty = 1, Seed = (ulong)seed });
            Assert.AreEqual(best, sampler.Sample(logits, []), $"seed {seed}");
        }
    }

    [TestMethod]
    public void Sample_SameSeed_GivesTheSameSequence()
    {
        var options = new SamplingOptions { Temperature = 1.0f, TopK = 0, TopP = 1, Seed = 42 };
        var a = new TokenSampler(500, options);
        var b = new TokenSampler(500, options);
        for (int step = 0; step < 50; step++)
            Assert.AreEqual(a.Sample(Logits(500, step), []), b.Sample(Logits(500, step), []));
    }

    [TestMethod]
    public void Sample_TopK_NeverLeavesTheKLargest()
    {
        float[] template = Logits(300, 9);
        int[] order = Enumerable.Range(0, 300).OrderByDescending(k => template[k]).ToArray();
        var allowed = new HashSet<int>(order[..5]);
        var sampler = new TokenSampler(300, new SamplingOptions { Temperature = 5f, TopK = 5, TopP = 1, Seed = 3 });
        var seen = new HashSet<int>();
        for (int step = 0; step < 400; step++)
        {
            int token = sampler.Sample((float[])template.Clone(), []);
            Assert.Contains(token, allowed);
            seen.Add(token);
        }
        Assert.IsGreaterThan(1, seen.Count, "a high temperature should visit several of the top 5");
    }

    [TestMethod]
    public void Sample_TopP_KeepsTheSmallestNucleus()
    {
        // p = softmax([2, 1, 0, ...]); token 0 alone has ~0.6 > 0.5, so top-p 0.5 always picks it.
        var logits = new float[10];
        logits[0] = 2; logits[1] = 1;
        for (int k = 2; k < 10; k++) logits[k] = -3;
        var sampler = new TokenSampler(10, new SamplingOptions { Temperature = 1, TopK = 0, TopP = 0.5f, Seed = 11 });
        for (int step = 0; step < 200; step++) Assert.AreEqual(0, sampler.Sample((float[])logits.Clone(), []));
    }

    [TestMethod]
    public void Sample_Temperature_FollowsTheSoftmaxDistribution()
    {
        var logits = new float[] { 0f, MathF.Log(3f) };   // probabilities 1/4 and 3/4
        var sampler = new TokenSampler(2, new SamplingOptions { Temperature = 1, TopK = 0, TopP = 1, Seed = 5 });
        int ones = 0;
        const int draws = 20000;
        for (int step = 0; step < draws; step++) ones += sampler.Sample((float[])logits.Clone(), []);
        Assert.AreEqual(0.75, ones / (double)draws, 0.015);
    }

    [TestMethod]
    public void Sample_RepeatPenalty_DividesPositiveAndMultipliesNegativeLogitsOnce()
    {
        var logits = new float[] { 4f, -2f, 3.9f };
        var sampler = new TokenSampler(3, new SamplingOptions { Temperature = 0, TopK = 0, TopP = 1, RepeatPenalty = 2f });
        int token = sampler.Sample(logits, [0, 0, 1, 0]);
        Assert.AreEqual(2, token);
        Assert.AreEqual(2f, logits[0]);       // 4 / 2, applied once despite three occurrences
        Assert.AreEqual(-4f, logits[1]);      // -2 * 2
    }

    [TestMethod]
    public void Sample_AfterWarmUp_AllocatesNothing()
    {
        var sampler = new TokenSampler(4096, new SamplingOptions { Temperature = 0.8f, TopK = 40, TopP = 0.9f, RepeatPenalty = 1.1f, Seed = 1 });
        float[] logits = Logits(4096, 2);
        int[] history = [1, 2, 3, 4000];
        sampler.Sample((float[])logits.Clone(), history);
        float[] work = (float[])logits.Clone();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 100; step++) { logits.CopyTo(work, 0); sampler.Sample(work, history); }
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void Options_OutOfRange_AreRefusedWithTheValue()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TokenSampler(10, new SamplingOptions { TopP = 1.5f }));
        StringAssert.Contains(e.Message, "1.5");
    }

    [TestMethod]
    [DataRow(1e-45f)]
    [DataRow(0f)]
    [DataRow(3e38f)]
    [DataRow(float.NaN)]
    public void Options_RepeatPenaltyThatWouldOverflowTheLogits_IsRefused(float penalty)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TokenSampler(10, new SamplingOptions { RepeatPenalty = penalty }));
        StringAssert.Contains(e.Message, "repeat penalty must be between 0.001 and 1000");
    }
}

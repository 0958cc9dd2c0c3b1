using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Tests.Campaigns;

[TestClass]
public sealed class CampaignMatrixTests
{
    [TestMethod]
    public void Expand_TwoModelsTwoThreadsThreePrompts_GivesTwelveConfigurationsWithWarmupsFirst()
    {
        var plan = new CampaignPlan { Models = ["a", "models/b/"], Threads = [1, 4], PromptTokens = [8, 64, 512], WarmupRuns = 1, Repetitions = 2 };

        List<List<CampaignRun>> configurations = CampaignMatrix.Expand(plan);

        Assert.HasCount(2 * 2 * 3, configurations);
        Assert.IsTrue(configurations.TrueForAll(c => c.Count == 3 && c[0].IsWarmup && !c[1].IsWarmup && !c[2].IsWarmup));
        Assert.AreEqual(configurations.Count * 3, configurations.SelectMany(c => c).Select(r => r.Id).Distinct().Count(), "run ids are unique");
        Assert.AreEqual("b_cpu_t4_p512_r2", configurations[^1][^1].Id);
    }

    [TestMethod]
    public void ModelLabel_RandomShape_IsFileNameSafe()
    {
        var run = new CampaignRun("random:small", "cpu", 1, 8, 4, 0, false, 1);

        Assert.AreEqual("random-small_cpu_t1_p8_r1", run.Id);
    }
}

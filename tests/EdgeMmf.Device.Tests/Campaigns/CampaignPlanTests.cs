using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Tests.Campaigns;

[TestClass]
public sealed class CampaignPlanTests
{
    internal static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeMmf.sln")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }
        throw new FileNotFoundException($"No EdgeMmf.sln above {AppContext.BaseDirectory}.");
    }

    [TestMethod]
    public void Load_SmokePlan_ParsesWithCommentsAndDescribesASmallMatrix()
    {
        CampaignPlan plan = CampaignPlan.Load(RepositoryFile("device/plans/smoke.json"));

        Assert.AreEqual("smoke", plan.Name);
        Assert.IsTrue(plan.Models.TrueForAll(m => m.StartsWith("random:", StringComparison.Ordinal)), "the smoke plan needs no download");
        Assert.IsFalse(plan.Sensors.Required, "the smoke plan runs without sensors");
        Assert.IsLessThanOrEqualTo(1000, plan.SampleIntervalMilliseconds);
    }

    [TestMethod]
    public void Parse_UnknownField_ThrowsNamingTheSource()
    {
        var e = Assert.ThrowsExactly<CampaignPlanException>(() => CampaignPlan.Parse("{\"models\": [\"m\"], \"repetitons\": 3}", "typo.json"));

        StringAssert.Contains(e.Message, "typo.json");
        StringAssert.Contains(e.Message, "repetitons");
    }

    [TestMethod]
    public void Parse_NoModels_ThrowsNamingTheField()
    {
        var e = Assert.ThrowsExactly<CampaignPlanException>(() => CampaignPlan.Parse("{\"models\": []}", "empty.json"));

        StringAssert.Contains(e.Message, "\"models\"");
    }

    [TestMethod]
    public void Parse_UnknownBackend_ThrowsListingKnownOnes()
    {
        var e = Assert.ThrowsExactly<CampaignPlanException>(() => CampaignPlan.Parse("{\"models\": [\"m\"], \"backends\": [\"gpu\"]}", "p.json"));

        StringAssert.Contains(e.Message, "\"fpga\"");
    }

    [TestMethod]
    public void Parse_FpgaBackendWithoutBridge_ThrowsSayingWhatToAdd()
    {
        var e = Assert.ThrowsExactly<CampaignPlanException>(() => CampaignPlan.Parse("{\"models\": [\"m\"], \"backends\": [\"cpu\", \"fpga\"]}", "p.json"));

        StringAssert.Contains(e.Message, "\"bridge\"");
    }

    [TestMethod]
    public void Load_FpgaSimPlan_NamesTheBridgeAndTheLayers()
    {
        CampaignPlan plan = CampaignPlan.Load(RepositoryFile("device/plans/fpga-sim.json"));

        CollectionAssert.AreEqual(new[] { "cpu", "fpga" }, plan.Backends);
        Assert.AreEqual("sim:127.0.0.1:7000", plan.Fpga!.Bridge);
        Assert.AreEqual("layers=all", plan.Fpga.Offload);
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var e = Assert.ThrowsExactly<CampaignPlanException>(() => CampaignPlan.Load("/nonexistent/edgemmf/plan.json"));

        StringAssert.Contains(e.Message, "/nonexistent/edgemmf/plan.json");
    }
}

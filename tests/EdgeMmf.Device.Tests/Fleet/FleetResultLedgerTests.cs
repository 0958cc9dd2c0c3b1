using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Device.Tests.Campaigns;

namespace EdgeMmf.Device.Tests.Fleet;

[TestClass]
public sealed class FleetResultLedgerTests
{
    private string _root = "";

    [TestInitialize]
    public void CreateFolder() => _root = Directory.CreateTempSubdirectory("edgemmf-fleet-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    private static CampaignPlan SmokePlan() => CampaignPlan.Load(CampaignPlanTests.RepositoryFile("device/plans/smoke.json"));

    private static RunResult ResultFor(string id, string configurationKey) => new() { Id = id, ConfigurationKey = configurationKey, Threads = 1, PromptTokens = 8 };

    [TestMethod]
    public void MissingRuns_AfterSomeDeliveries_ListsOnlyTheRest_AcrossReopening()
    {
        var ledger = new FleetResultLedger(SmokePlan(), _root);
        Assert.HasCount(12, ledger.MissingRuns("pi5"));

        Assert.IsTrue(ledger.TryAccept("pi5", ResultFor("random-tiny_cpu_t1_p8_r1", "random-tiny_cpu_t1_p8")));
        Assert.IsTrue(ledger.TryAccept("pi5", ResultFor("random-tiny_cpu_t2_p32_r3", "random-tiny_cpu_t2_p32")));
        Assert.IsTrue(ledger.TryKeepSamples("pi5", "random-tiny_cpu_t1_p8_r1", "t_s,power_w\n"));
        Assert.IsTrue(ledger.TryKeepSamples("pi5", "random-tiny_cpu_t2_p32_r3", ""));

        var reopened = new FleetResultLedger(SmokePlan(), _root);
        List<string> missing = reopened.MissingRuns("pi5");
        Assert.HasCount(10, missing);
        CollectionAssert.DoesNotContain(missing, "random-tiny_cpu_t1_p8_r1");
        Assert.HasCount(12, reopened.MissingRuns("orin"), "boards are counted apart");
    }

    [TestMethod]
    public void MissingRuns_AResultWhoseSamplesNeverCame_IsStillMissing()
    {
        // The agent sends samples, then the result; a broker restart between the two can lose the samples alone.
        var ledger = new FleetResultLedger(SmokePlan(), _root);
        Assert.IsTrue(ledger.TryAccept("pi5", ResultFor("random-tiny_cpu_t1_p8_r1", "random-tiny_cpu_t1_p8")));
        Assert.IsFalse(ledger.IsDelivered("pi5", "random-tiny_cpu_t1_p8_r1"));
        CollectionAssert.Contains(ledger.MissingRuns("pi5"), "random-tiny_cpu_t1_p8_r1");

        Assert.IsTrue(ledger.TryKeepSamples("pi5", "random-tiny_cpu_t1_p8_r1", "t_s,power_w\n0.1,2.5\n"));
        Assert.IsTrue(ledger.IsDelivered("pi5", "random-tiny_cpu_t1_p8_r1"));
        CollectionAssert.DoesNotContain(ledger.MissingRuns("pi5"), "random-tiny_cpu_t1_p8_r1");
    }

    [TestMethod]
    public void TryAccept_SameResultTwice_KeepsTheFirstAndDropsTheDuplicate()
    {
        var ledger = new FleetResultLedger(SmokePlan(), _root);
        RunResult first = ResultFor("random-tiny_cpu_t1_p8_r1", "random-tiny_cpu_t1_p8");
        first.GeneratedTokens = 16;
        RunResult again = ResultFor("random-tiny_cpu_t1_p8_r1", "random-tiny_cpu_t1_p8");
        again.GeneratedTokens = 99;

        Assert.IsTrue(ledger.TryAccept("pi5", first));
        Assert.IsFalse(ledger.TryAccept("pi5", again));

        string kept = File.ReadAllText(Path.Combine(_root, "boards", "pi5", "runs", "random-tiny_cpu_t1_p8_r1", "result.json"));
        StringAssert.Contains(kept, "\"generatedTokens\": 16");
    }

    [TestMethod]
    [DataRow("random-tiny_cpu_t9_p8_r1", "random-tiny_cpu_t9_p8")]
    [DataRow("random-tiny_cpu_t1_p8_r1", "random-tiny_cpu_t2_p8")]
    [DataRow("../../etc_r1", "x")]
    public void TryAccept_ResultOutsideThePlan_IsDropped(string id, string key)
    {
        var ledger = new FleetResultLedger(SmokePlan(), _root);

        Assert.IsFalse(ledger.TryAccept("pi5", ResultFor(id, key)));
        Assert.HasCount(12, ledger.MissingRuns("pi5"));
    }

    [TestMethod]
    public void BoardLayout_NameThatEscapesTheFolder_IsRefused()
    {
        Assert.ThrowsExactly<FleetMessageException>(() => new FleetResultLedger(SmokePlan(), _root).BoardLayout(".."));
    }
}

using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Fleet;

/// <summary>
/// The fleet against a real broker: CI (.ci/run) starts mosquitto on 127.0.0.1 and names it in
/// <c>EDGEMMF_MQTT_BROKER</c> (mqtt://127.0.0.1:PORT); without it these tests are inconclusive, not passed.
/// </summary>
[TestClass]
public sealed class MosquittoFleetTests
{
    private static FleetBroker BrokerOrInconclusive()
    {
        string? address = Environment.GetEnvironmentVariable("EDGEMMF_MQTT_BROKER");
        if (string.IsNullOrEmpty(address))
        {
            Assert.Inconclusive("EDGEMMF_MQTT_BROKER is not set: no mosquitto to test against (.ci/run starts one).");
        }
        return FleetBroker.Parse(address);
    }

    [TestMethod]
    public async Task ThreeAgents_OneKilledMidRunAndRestarted_CompleteThePlan_NothingLostNothingDuplicated()
    {
        FleetBroker broker = BrokerOrInconclusive();
        // A fresh campaign and fresh board names: mosquitto keeps sessions of earlier runs.
        string id = Guid.NewGuid().ToString("N")[..8];
        CampaignPlan plan = FleetCampaignTests.TinyPlan();
        plan.Name = $"mosquitto-{id}";
        string[] boards = [$"a-{id}", $"b-{id}", $"c-{id}"];
        using var output = new TemporaryDirectory();
        await using var fleet = new FleetHarness(null, broker, plan);
        using var kill = new CancellationTokenSource();
        _ = fleet.StartAgent(boards[0], Path.Combine(output.Path, boards[0]));
        Task killed = fleet.StartAgent(boards[1], Path.Combine(output.Path, boards[1]), kill, stopOnMeasuredRun: 2);
        _ = fleet.StartAgent(boards[2], Path.Combine(output.Path, boards[2]));
        await fleet.WaitForLogAsync($"[{boards[2]}] agent '{boards[2]}' on");
        await fleet.PublishRawAsync(new FleetTopics(plan.Name).Runs(boards[0]), "{\"campaign\":"u8.ToArray());

        Task<bool> coordinator = fleet.CoordinateAsync(Path.Combine(output.Path, "fleet"), boards);
        await killed;
        _ = fleet.StartAgent(boards[1], Path.Combine(output.Path, boards[1]));

        Assert.IsTrue(await coordinator, string.Join("\n", fleet.Log));
        string log = string.Join("\n", fleet.Log);
        StringAssert.Contains(log, $"[{boards[0]}] Fleet message on 'edgemmf/{plan.Name}/runs/{boards[0]}' is not a valid RunAssignment");
        StringAssert.Contains(log, $"[coordinator] {boards[1]} went offline");
        string[] table = File.ReadAllLines(Path.Combine(output.Path, "fleet", "fleet-summary.csv"));
        Assert.HasCount(1 + 3 * 2, table);
        foreach (string board in boards)
        {
            var layout = new CampaignOutputLayout(Path.Combine(output.Path, "fleet", "boards", board));
            Assert.HasCount(4, Directory.GetFiles(layout.RunsDirectory, "result.json", SearchOption.AllDirectories), board);
            StringAssert.Contains(File.ReadAllText(layout.SummaryJsonPath), "\"runsCompleted\": 4", board);
            Assert.AreEqual(File.ReadAllLines(layout.SummaryCsvPath).Length, table.Count(row => row.StartsWith(board + ",", StringComparison.Ordinal)) + 1);
        }
        string killedRuns = Path.Combine(output.Path, boards[1], plan.Name, "runs");
        Assert.HasCount(1, Directory.GetFiles(killedRuns, "samples.interrupted-1.csv", SearchOption.AllDirectories), "the run killed midway was measured again, its samples kept");
    }
}

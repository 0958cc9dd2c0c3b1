using System.Text.Json;
using System.Xml.Linq;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Campaigns;

[TestClass]
public sealed class CampaignRunnerTests
{
    /// <summary>2 thread counts x 2 prompt lengths, 1 warm-up + 2 measured runs each: 8 measured runs, fast.</summary>
    private static CampaignPlan SmallPlan() => new()
    {
        Name = "test",
        Models = ["random:tiny"],
        Threads = [1, 2],
        PromptTokens = [4, 16],
        GenerateTokens = 6,
        WarmupRuns = 1,
        Repetitions = 2,
        IdleSeconds = 0.02,
        SampleIntervalMilliseconds = 2,
    };

    private static void AssertCampaignOutputs(CampaignOutputLayout layout, int configurations, int runs)
    {
        string[] csv = File.ReadAllLines(layout.SummaryCsvPath);
        Assert.HasCount(1 + configurations, csv);
        StringAssert.StartsWith(csv[0], "configuration,model,backend,threads,prompt_tokens,runs,joules_per_token_median");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(layout.SummaryJsonPath));
        Assert.AreEqual(configurations, summary.RootElement.GetProperty("configurations").GetArrayLength());
        string[] runDirectories = Directory.GetDirectories(layout.RunsDirectory);
        Assert.HasCount(runs, runDirectories);
        foreach (string run in runDirectories)
        {
            foreach (string file in new[] { "samples.csv", "marks.csv", "power.svg", "result.json" })
            {
                Assert.IsTrue(File.Exists(Path.Combine(run, file)), $"{run}/{file}");
            }
            XDocument.Parse(File.ReadAllText(Path.Combine(run, "power.svg")));
        }
        foreach (string plot in new[] { "joules-per-token.svg", "tokens-per-second.svg" })
        {
            XDocument svg = XDocument.Parse(File.ReadAllText(Path.Combine(layout.PlotsDirectory, plot)));
            Assert.AreEqual("svg", svg.Root!.Name.LocalName);
        }
    }

    [TestMethod]
    public void Run_NoSensors_WritesTimingsOnlyOutputsAndSaysSo()
    {
        using var output = new TemporaryDirectory();
        var workload = new SyntheticWorkload();
        var log = new StringWriter();
        var runner = new CampaignRunner(SmallPlan(), output.Path, [], ["rapl: not here"], workload, log);

        CampaignOutcome outcome = runner.Run(CancellationToken.None);

        Assert.AreEqual(new CampaignOutcome(8, 0, 8, false), outcome);
        Assert.HasCount(4 + 8, workload.Calls, "one warm-up per configuration, then every measured run");
        AssertCampaignOutputs(runner.Layout, 4, 8);
        StringAssert.Contains(log.ToString(), "no power sensor found");
        string summary = File.ReadAllText(runner.Layout.SummaryJsonPath);
        StringAssert.Contains(summary, "No power sensor was sampled");
        StringAssert.Contains(summary, "rapl: not here");
        using JsonDocument result = JsonDocument.Parse(File.ReadAllText(Path.Combine(runner.Layout.RunsDirectory, "random-tiny_cpu_t1_p4_r1", "result.json")));
        Assert.AreEqual(JsonValueKind.Null, result.RootElement.GetProperty("joulesPerToken").ValueKind);
        Assert.IsGreaterThan(0.0, result.RootElement.GetProperty("decodeTokensPerSecond").GetDouble());
    }

    [TestMethod]
    public void Run_SimulatedSensors_MeasuresEnergyAboveIdle()
    {
        using var output = new TemporaryDirectory();
        using var sysfs = new TemporaryDirectory();
        sysfs.Write("hwmon0/name", "ina3221");
        sysfs.Write("hwmon0/in1_label", "VDD_IN");
        sysfs.Write("hwmon0/in1_input", "5000");
        sysfs.Write("hwmon0/curr1_input", "600");
        IPowerSensor hwmon = Device.Hwmon.HwmonSensor.Discover(sysfs.Path, [])[0];
        var board = new SimulatedPowerSensor("board", idleMilliwatts: 2000, busyMilliwatts: 6000);
        var runner = new CampaignRunner(SmallPlan(), output.Path, [hwmon, board], [], new SyntheticWorkload(board), new StringWriter());

        runner.Run(CancellationToken.None);

        AssertCampaignOutputs(runner.Layout, 4, 8);
        RunResult result = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(runner.Layout.RunsDirectory, "random-tiny_cpu_t2_p16_r2", "result.json")), CampaignJsonContext.Default.RunResult)!;
        CollectionAssert.AreEquivalent(new[] { "ina3221@hwmon0/VDD_IN", "board/VIN" }, result.CountedChannels);
        Assert.IsNotNull(result.JoulesPerToken);
        // 3 W from hwmon + 2 W idle (6 W busy) from the board. Where a sample falls around the step from idle
        // to busy depends on scheduling, so the figures are checked for consistency, not to the watt
        // (exact integration is EnergyReportTests' job).
        Assert.IsTrue(result.IdleWatts is >= 5.0 - 1e-9 and <= 9.0 + 1e-9, $"idle {result.IdleWatts} W lies between all-idle and all-busy");
        Assert.IsTrue(result.AverageWatts is >= 5.0 - 1e-9 and <= 9.0 + 1e-9, $"average {result.AverageWatts} W lies between all-idle and all-busy");
        Assert.IsLessThanOrEqualTo(result.JoulesPerToken!.Value, result.JoulesPerTokenAboveIdle!.Value);
        Assert.AreEqual(result.AverageWatts!.Value * (result.PrefillSeconds + result.DecodeSeconds) / result.GeneratedTokens, result.JoulesPerToken.Value, 1e-9);
        string[] samples = File.ReadAllLines(Path.Combine(runner.Layout.RunsDirectory, "random-tiny_cpu_t2_p16_r2", "samples.csv"));
        Assert.AreEqual("timestamp_ticks,time_s,ina3221@hwmon0/VDD_IN [mW],board/VIN [mW]", samples[0]);
    }

    [TestMethod]
    public void Run_SensorVanishesMidCampaign_FinishesWithTheOthersAndNotesIt()
    {
        using var output = new TemporaryDirectory();
        var flaky = new SimulatedPowerSensor("flaky", 1000, 3000) { VanishAfterReads = 20 };
        var steady = new SimulatedPowerSensor("steady", 1000, 3000);
        var runner = new CampaignRunner(SmallPlan(), output.Path, [flaky, steady], [], new SyntheticWorkload(steady), new StringWriter());

        CampaignOutcome outcome = runner.Run(CancellationToken.None);

        Assert.IsFalse(outcome.Interrupted);
        Assert.AreEqual(8, outcome.RunsCompleted);
        StringAssert.Contains(File.ReadAllText(runner.Layout.SummaryJsonPath), "flaky stopped answering");
        StringAssert.Contains(File.ReadAllText(runner.Layout.LogPath), "'flaky' stopped answering");
    }

    [TestMethod]
    public void Run_InterruptedThenResumed_RunsOnlyMissingRunsAndKeepsEverySample()
    {
        using var output = new TemporaryDirectory();
        using var cancel = new CancellationTokenSource();
        var sensor = new SimulatedPowerSensor("board", 1000, 3000);
        var first = new SyntheticWorkload(sensor) { CancelDuringMeasuredRun = cancel, CancelOnMeasuredRun = 3 };

        CampaignOutcome interrupted = new CampaignRunner(SmallPlan(), output.Path, [sensor], [], first, new StringWriter()).Run(cancel.Token);

        Assert.IsTrue(interrupted.Interrupted);
        Assert.AreEqual(2, interrupted.RunsCompleted);
        var layout = new CampaignOutputLayout(output.Path);
        string[] doneIds = ["random-tiny_cpu_t1_p4_r1", "random-tiny_cpu_t1_p4_r2"];
        const string interruptedId = "random-tiny_cpu_t1_p16_r1";
        var samplesBefore = doneIds.ToDictionary(id => id, id => File.ReadAllBytes(Path.Combine(layout.RunsDirectory, id, "samples.csv")));
        byte[] interruptedSamples = File.ReadAllBytes(Path.Combine(layout.RunsDirectory, interruptedId, "samples.csv"));
        Assert.IsFalse(File.Exists(Path.Combine(layout.RunsDirectory, interruptedId, "result.json")));
        Assert.IsGreaterThan(1, File.ReadAllLines(Path.Combine(layout.RunsDirectory, interruptedId, "samples.csv")).Length, "the interrupted run's samples reached the disk");

        var second = new SyntheticWorkload(sensor);
        CampaignOutcome resumed = new CampaignRunner(SmallPlan(), output.Path, [sensor], [], second, new StringWriter()).Run(CancellationToken.None);

        Assert.AreEqual(new CampaignOutcome(8, 2, 6, false), resumed);
        Assert.IsFalse(second.Calls.Exists(id => doneIds.Contains(id)), "completed runs are not repeated");
        Assert.HasCount(3 + 6, second.Calls, "warm-ups for the 3 unfinished configurations, then the 6 missing runs");
        foreach ((string id, byte[] bytes) in samplesBefore)
        {
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(Path.Combine(layout.RunsDirectory, id, "samples.csv")), $"{id} kept its samples");
        }
        CollectionAssert.AreEqual(interruptedSamples, File.ReadAllBytes(Path.Combine(layout.RunsDirectory, interruptedId, "samples.interrupted-1.csv")));
        AssertCampaignOutputs(layout, 4, 8);
        StringAssert.Contains(File.ReadAllText(layout.SummaryJsonPath), "\"complete\": true");
    }

    [TestMethod]
    public void RunMeasured_FiresOncePerRunMeasuredNow_WithItsFilesClosedOnDisk_AndNotForRunsFoundDone()
    {
        using var output = new TemporaryDirectory();
        using var cancel = new CancellationTokenSource();
        var sensor = new SimulatedPowerSensor("board", 1000, 3000);
        var layout = new CampaignOutputLayout(output.Path);
        var seen = new List<string>();
        void Check(CampaignRun run, RunResult result)
        {
            Assert.AreEqual(run.Id, result.Id);
            Assert.AreEqual(result.Id, JsonSerializer.Deserialize(File.ReadAllText(layout.ResultPath(run)), CampaignJsonContext.Default.RunResult)!.Id);
            using (File.Open(layout.SamplesPath(run), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                // Opened exclusively: the run's sampler has closed its CSV.
            }
            seen.Add(run.Id);
        }
        var first = new SyntheticWorkload(sensor) { CancelDuringMeasuredRun = cancel, CancelOnMeasuredRun = 3 };
        new CampaignRunner(SmallPlan(), output.Path, [sensor], [], first, new StringWriter()) { RunMeasured = Check }.Run(cancel.Token);

        CollectionAssert.AreEqual(new[] { "random-tiny_cpu_t1_p4_r1", "random-tiny_cpu_t1_p4_r2" }, seen, "not for the run interrupted midway");
        seen.Clear();
        new CampaignRunner(SmallPlan(), output.Path, [sensor], [], new SyntheticWorkload(sensor), new StringWriter()) { RunMeasured = Check }.Run(CancellationToken.None);

        Assert.HasCount(6, seen, "the 6 runs measured on resuming, not the 2 found done");
        Assert.IsFalse(seen.Contains("random-tiny_cpu_t1_p4_r1") || seen.Contains("random-tiny_cpu_t1_p4_r2"));
        Assert.HasCount(6, seen.Distinct());
    }

    [TestMethod]
    public void Run_SameOutWithDifferentPlan_RefusesNamingTheFolder()
    {
        using var output = new TemporaryDirectory();
        new CampaignRunner(SmallPlan(), output.Path, [], [], new SyntheticWorkload(), new StringWriter()).Run(CancellationToken.None);
        CampaignPlan other = SmallPlan();
        other.Repetitions = 5;

        var e = Assert.ThrowsExactly<CampaignPlanException>(() => new CampaignRunner(other, output.Path, [], [], new SyntheticWorkload(), new StringWriter()).Run(CancellationToken.None));
        StringAssert.Contains(e.Message, "different plan");
    }

    [TestMethod]
    public void Run_SensorsRequiredButNoneFound_RefusesWithDiscoveryNotes()
    {
        using var output = new TemporaryDirectory();
        CampaignPlan plan = SmallPlan();
        plan.Sensors.Required = true;

        var e = Assert.ThrowsExactly<CampaignPlanException>(() => new CampaignRunner(plan, output.Path, [], ["hwmon: nothing"], new SyntheticWorkload(), new StringWriter()).Run(CancellationToken.None));
        StringAssert.Contains(e.Message, "hwmon: nothing");
    }
}

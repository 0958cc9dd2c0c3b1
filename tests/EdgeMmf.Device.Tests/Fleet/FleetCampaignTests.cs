using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Device.Tests.Simulation;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeMmf.Device.Tests.Fleet;

/// <summary>Agents and a coordinator over MQTTnet's in-process broker on 127.0.0.1, with simulated sensors.</summary>
[TestClass]
public sealed class FleetCampaignTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>1 thread x 2 prompt lengths, 1 warm-up + 2 measured runs each: 4 measured runs per board.</summary>
    private static CampaignPlan TinyPlan() => new()
    {
        Name = "fleet-test",
        Models = ["random:tiny"],
        Threads = [1],
        PromptTokens = [4, 8],
        GenerateTokens = 4,
        WarmupRuns = 1,
        Repetitions = 2,
        IdleSeconds = 0.02,
        SampleIntervalMilliseconds = 2,
    };

    /// <summary>An in-process broker and the agents started on it, stopped (agents first) at the end.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly MqttServer _server;
        private readonly CancellationTokenSource _stopAgents = new();
        private readonly List<Task> _agents = [];

        private Fleet(MqttServer server, int port)
        {
            _server = server;
            Broker = new FleetBroker("127.0.0.1", port, false, null, null, null);
        }

        public FleetBroker Broker { get; }

        public ConcurrentQueue<string> Log { get; } = new();

        public Dictionary<string, SyntheticWorkload> Workloads { get; } = [];

        public static async Task<Fleet> StartAsync()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            MqttServer server = new MqttServerFactory().CreateMqttServer(
                new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
            await server.StartAsync();
            return new Fleet(server, port);
        }

        public void StartAgent(string name, string outputRoot)
        {
            var sensor = new SimulatedPowerSensor("board", idleMilliwatts: 2000, busyMilliwatts: 5000);
            var workload = new SyntheticWorkload(sensor);
            Workloads[name] = workload;
            var announcement = new AgentAnnouncement { Name = name, BoardModel = "simulated", Cores = 2, KernelPath = "scalar", Sensors = ["board"], EdgeMmfVersion = "test" };
            FleetCampaignRun run = (plan, directory, runIds, cancellationToken) =>
            {
                lock (workload)
                {
                    return new CampaignRunner(plan, directory, [sensor], [], workload, TextWriter.Null, null, runIds).Run(cancellationToken);
                }
            };
            var agent = new FleetAgent(Broker, announcement, outputRoot, run, line => Log.Enqueue($"[{name}] {line}"));
            _agents.Add(Task.Run(() => agent.RunAsync(_stopAgents.Token)));
        }

        public async Task<bool> CoordinateAsync(string output, IReadOnlyList<string>? boards)
        {
            using var patience = new CancellationTokenSource(Patience);
            var coordinator = new FleetCoordinator(Broker, TinyPlan(), output, boards, line => Log.Enqueue($"[coordinator] {line}")) { DiscoveryWait = TimeSpan.FromSeconds(1) };
            return await coordinator.RunAsync(patience.Token);
        }

        /// <summary>Waits until a log line contains <paramref name="text"/> (an agent subscribed, say).</summary>
        public async Task WaitForLogAsync(string text)
        {
            using var patience = new CancellationTokenSource(Patience);
            while (!Log.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                await Task.Delay(10, patience.Token);
            }
        }

        /// <summary>What a hostile or broken client could send: raw bytes on any topic.</summary>
        public async Task PublishRawAsync(string topic, byte[] payload)
        {
            using IMqttClient client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(Broker.Host, Broker.Port).WithClientId("intruder").Build());
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await client.DisconnectAsync();
        }

        public async ValueTask DisposeAsync()
        {
            _stopAgents.Cancel();
            await Task.WhenAll(_agents);
            await _server.StopAsync();
            _server.Dispose();
            _stopAgents.Dispose();
        }
    }

    [TestMethod]
    public async Task TwoAgentsAndACoordinator_CompleteThePlan_WithEveryResultAndSampleDeliveredOnce()
    {
        using var output = new TemporaryDirectory();
        await using Fleet fleet = await Fleet.StartAsync();
        fleet.StartAgent("pi4", Path.Combine(output.Path, "agent-pi4"));
        fleet.StartAgent("pi5", Path.Combine(output.Path, "agent-pi5"));

        bool complete = await fleet.CoordinateAsync(Path.Combine(output.Path, "fleet"), null);

        Assert.IsTrue(complete, string.Join("\n", fleet.Log));
        string[] table = File.ReadAllLines(Path.Combine(output.Path, "fleet", "fleet-summary.csv"));
        Assert.HasCount(1 + 2 * 2, table, "a row per board and configuration");
        StringAssert.StartsWith(table[0], "board,configuration,runs,decode_tokens_per_second_median,average_watts_median,joules_per_token_median");
        foreach (string board in new[] { "pi4", "pi5" })
        {
            Assert.HasCount(2 + 4, fleet.Workloads[board].Calls, "a warm-up per configuration and each measured run once");
            var boardLayout = new CampaignOutputLayout(Path.Combine(output.Path, "fleet", "boards", board));
            var agentLayout = new CampaignOutputLayout(Path.Combine(output.Path, $"agent-{board}", "fleet-test"));
            Assert.HasCount(1 + 2, File.ReadAllLines(boardLayout.SummaryCsvPath));
            Assert.HasCount(1 + 2, File.ReadAllLines(agentLayout.SummaryCsvPath), "the agent keeps the local campaign's outputs too");
            foreach (CampaignRun run in MeasuredRuns.Of(TinyPlan()).Values)
            {
                Assert.AreEqual(File.ReadAllText(agentLayout.SamplesPath(run)), File.ReadAllText(boardLayout.SamplesPath(run)), $"{board} {run.Id} samples");
                RunResult result = JsonSerializer.Deserialize(File.ReadAllText(boardLayout.ResultPath(run)), CampaignJsonContext.Default.RunResult)!;
                Assert.IsNotNull(result.JoulesPerToken, "energy measured with the simulated sensor");
            }
            StringAssert.Contains(table[1] + table[3], board);
        }
        Assert.IsTrue(File.Exists(Path.Combine(output.Path, "fleet", "plots", "fleet-joules-per-token.svg")));
    }

    [TestMethod]
    public async Task MalformedOversizedAndHostileMessages_AreLoggedAndDropped_AndTheAgentKeepsServing()
    {
        using var output = new TemporaryDirectory();
        await using Fleet fleet = await Fleet.StartAsync();
        fleet.StartAgent("pi5", Path.Combine(output.Path, "agent"));
        await fleet.WaitForLogAsync("[pi5] agent 'pi5' on");
        var topics = new FleetTopics("fleet-test");
        string planJson = TinyPlan().ToJson();
        await fleet.PublishRawAsync(topics.Runs("pi5"), "{not json"u8.ToArray());
        await fleet.PublishRawAsync(topics.Runs("pi5"), new byte[FleetMessageReader.MaxPayloadBytes + 1]);
        await fleet.PublishRawAsync(topics.Runs("pi5"), Encoding.UTF8.GetBytes($$"""{"campaign":"fleet-test","plan":{{planJson}},"runIds":["; rm -rf /"]}"""));
        await fleet.PublishRawAsync(topics.Results("pi5"), "{\"id\":1}"u8.ToArray());

        bool complete = await fleet.CoordinateAsync(Path.Combine(output.Path, "fleet"), ["pi5"]);

        string log = string.Join("\n", fleet.Log);
        Assert.IsTrue(complete, log);
        StringAssert.Contains(log, "is not a valid RunAssignment");
        StringAssert.Contains(log, $"over the {FleetMessageReader.MaxPayloadBytes}-byte limit");
        StringAssert.Contains(log, "is not a measured run of the plan's matrix");
        Assert.HasCount(2 + 4, fleet.Workloads["pi5"].Calls, "only the coordinator's valid assignment ran");
    }

    [TestMethod]
    public async Task CoordinatorRunAgain_RequestsOnlyTheMissingRuns_AndTheAgentDoesNotMeasureAgain()
    {
        using var output = new TemporaryDirectory();
        await using Fleet fleet = await Fleet.StartAsync();
        fleet.StartAgent("pi5", Path.Combine(output.Path, "agent"));
        string fleetDirectory = Path.Combine(output.Path, "fleet");
        Assert.IsTrue(await fleet.CoordinateAsync(fleetDirectory, ["pi5"]), string.Join("\n", fleet.Log));
        CampaignRun lost = MeasuredRuns.Of(TinyPlan()).Values.ElementAt(2);
        var boardLayout = new CampaignOutputLayout(Path.Combine(fleetDirectory, "boards", "pi5"));
        File.Delete(boardLayout.ResultPath(lost)); // as if the coordinator crashed before keeping it
        File.Delete(boardLayout.SamplesPath(lost));

        Assert.IsTrue(await fleet.CoordinateAsync(fleetDirectory, ["pi5"]), string.Join("\n", fleet.Log));

        string log = string.Join("\n", fleet.Log);
        StringAssert.Contains(log, "[coordinator] pi5: 1 run(s) to measure");
        StringAssert.Contains(log, "[pi5] campaign 'fleet-test': 1 run(s) assigned");
        StringAssert.Contains(log, "[pi5] campaign 'fleet-test': 0 run(s) measured now");
        Assert.HasCount(2 + 4, fleet.Workloads["pi5"].Calls, "the finished run was published again, not measured again");
        Assert.IsTrue(File.Exists(boardLayout.ResultPath(lost)));
        Assert.IsTrue(File.Exists(boardLayout.SamplesPath(lost)));
        Assert.HasCount(1 + 2, File.ReadAllLines(boardLayout.SummaryCsvPath));
    }

    [TestMethod]
    public async Task CoordinatorStartedBeforeTheAgent_AssignsTheBoardWhenItAnnouncesItself()
    {
        using var output = new TemporaryDirectory();
        await using Fleet fleet = await Fleet.StartAsync();
        Task<bool> coordinator = fleet.CoordinateAsync(Path.Combine(output.Path, "fleet"), ["late-pi"]);
        await fleet.WaitForLogAsync("[coordinator] late-pi: 4 run(s) to measure; waiting for it to announce itself");

        fleet.StartAgent("late-pi", Path.Combine(output.Path, "agent"));

        Assert.IsTrue(await coordinator, string.Join("\n", fleet.Log));
        Assert.HasCount(2 + 4, fleet.Workloads["late-pi"].Calls);
    }
}

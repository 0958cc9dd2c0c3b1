using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Device.Tests.Simulation;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeMmf.Device.Tests.Fleet;

/// <summary>
/// A broker (MQTTnet's in-process one, or an external one such as mosquitto) and fleet agents with simulated sensors
/// started on it, stopped (agents first) at the end.
/// </summary>
internal sealed class FleetHarness : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private MqttServer? _server;
    private readonly CampaignPlan _plan;
    private readonly CancellationTokenSource _stopAgents = new();
    private readonly List<Task> _agents = [];
    private readonly ConcurrentDictionary<string, bool> _refusedClientPrefixes = new(StringComparer.Ordinal);

    public FleetHarness(MqttServer? server, FleetBroker broker, CampaignPlan plan)
    {
        _server = server;
        _plan = plan;
        Broker = broker;
    }

    public FleetBroker Broker { get; }

    public ConcurrentQueue<string> Log { get; } = new();

    public Dictionary<string, SyntheticWorkload> Workloads { get; } = [];

    public static async Task<FleetHarness> StartAsync(CampaignPlan plan)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var fleet = new FleetHarness(null, new FleetBroker("127.0.0.1", port, false, null, null, null), plan);
        fleet._server = await fleet.StartServerAsync(port);
        return fleet;
    }

    /// <summary>From now on the broker refuses clients whose id starts with <paramref name="prefix"/> (ServerUnavailable: they keep retrying).</summary>
    public void Refuse(string prefix) => _refusedClientPrefixes[prefix] = true;

    public void Admit(string prefix) => _refusedClientPrefixes.TryRemove(prefix, out _);

    /// <summary>Starts an agent; cancelling <paramref name="stop"/> (or the workload's <see cref="SyntheticWorkload.CancelDuringMeasuredRun"/>) kills it mid-run.</summary>
    /// <param name="holdOnMeasuredRun">That measured run waits until the workload's <see cref="SyntheticWorkload.HoldGate"/> opens.</param>
    public Task StartAgent(string name, string outputRoot, CancellationTokenSource? stop = null, int stopOnMeasuredRun = -1, int holdOnMeasuredRun = -1)
    {
        var sensor = new SimulatedPowerSensor("board", idleMilliwatts: 2000, busyMilliwatts: 5000);
        CancellationToken token = stop is null ? _stopAgents.Token : CancellationTokenSource.CreateLinkedTokenSource(_stopAgents.Token, stop.Token).Token;
        var workload = new SyntheticWorkload(sensor) { CancelDuringMeasuredRun = stop, CancelOnMeasuredRun = stopOnMeasuredRun, HoldOnMeasuredRun = holdOnMeasuredRun };
        Workloads[name] = workload;
        var announcement = new AgentAnnouncement { Name = name, BoardModel = "simulated", Cores = 2, KernelPath = "scalar", Sensors = ["board"], EdgeMmfVersion = "test" };
        FleetCampaignRun run = (plan, directory, runIds, runMeasured, cancellationToken) =>
        {
            lock (workload)
            {
                return new CampaignRunner(plan, directory, [sensor], [], workload, TextWriter.Null, null, runIds) { RunMeasured = runMeasured }.Run(cancellationToken);
            }
        };
        var agent = new FleetAgent(Broker, announcement, outputRoot, run, line => Log.Enqueue($"[{name}] {line}"));
        Task running = Task.Run(() => agent.RunAsync(token));
        _agents.Add(running);
        return running;
    }

    /// <summary>Runs a coordinator until every board delivered every run (true), or until <paramref name="stop"/> fires or patience runs out (false).</summary>
    public async Task<bool> CoordinateAsync(string output, IReadOnlyList<string>? boards, TimeSpan? reassignAfter = null, CancellationToken stop = default)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(stop);
        patience.CancelAfter(Patience);
        var coordinator = new FleetCoordinator(Broker, _plan, output, boards, line => Log.Enqueue($"[coordinator] {line}")) { DiscoveryWait = TimeSpan.FromSeconds(1), ReassignAfter = reassignAfter ?? TimeSpan.FromMinutes(5) };
        return await coordinator.RunAsync(patience.Token);
    }

    private async Task<MqttServer> StartServerAsync(int port)
    {
        MqttServer server = new MqttServerFactory().CreateMqttServer(
            new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        server.ValidatingConnectionAsync += e =>
        {
            if (_refusedClientPrefixes.Keys.Any(prefix => e.ClientId.StartsWith(prefix, StringComparison.Ordinal)))
            {
                e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            }
            return Task.CompletedTask;
        };
        await server.StartAsync();
        return server;
    }

    /// <summary>Stops the in-process broker (sessions and retained messages are lost: it keeps nothing) and starts a new one on the same port.</summary>
    public async Task RestartBrokerAsync()
    {
        await _server!.StopAsync();
        _server!.Dispose();
        _server = await StartServerAsync(Broker.Port);
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
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(Broker.Host, Broker.Port).WithClientId($"intruder-{Guid.NewGuid():N}").Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stopAgents.Cancel();
        foreach (SyntheticWorkload workload in Workloads.Values)
        {
            workload.HoldGate.Set();
        }
        await Task.WhenAll(_agents);
        if (_server is not null)
        {
            await _server.StopAsync();
            _server.Dispose();
        }
        _stopAgents.Dispose();
    }
}

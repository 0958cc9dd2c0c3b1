using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace EdgeMmf.Cli.Tests.Commands;

/// <summary><c>edgemmf agent</c> and <c>edgemmf campaign --fleet</c> as a user starts them, against MQTTnet's in-process broker.</summary>
[TestClass]
public sealed class FleetCommandTests
{
    private const string TinyPlan = """
        { "name": "cli-fleet", "models": ["random:tiny"], "threads": [1], "promptTokens": [4, 8], "generateTokens": 4,
          "warmupRuns": 1, "repetitions": 2, "idleSeconds": 0.02, "sampleIntervalMilliseconds": 5 }
        """;

    [TestMethod]
    public async Task AgentAndFleetCampaign_CompleteThePlan_AndWriteTheCrossBoardTable()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"edgemmf-fleet-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using MqttServer server = new MqttServerFactory().CreateMqttServer(
            new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        string broker = $"mqtt://127.0.0.1:{port}";
        File.WriteAllText(Path.Combine(directory, "plan.json"), TinyPlan);
        using Process agent = EdgemmfProcess.Start(directory, "agent", "--broker", broker, "--name", "bench-pi", "--out", "agent", "--no-sensors");
        Task<string> agentOutput = agent.StandardOutput.ReadToEndAsync();
        try
        {
            var campaign = EdgemmfProcess.Run(directory, "campaign", "--plan", "plan.json", "--out", "fleet", "--fleet", broker, "--boards", "bench-pi");

            Assert.AreEqual(0, campaign.ExitCode, campaign.Stdout + campaign.Stderr);
            StringAssert.Contains(campaign.Stdout, "bench-pi: 4/4 runs");
            string[] table = File.ReadAllLines(Path.Combine(directory, "fleet", "fleet-summary.csv"));
            Assert.HasCount(1 + 2, table);
            StringAssert.StartsWith(table[1], "bench-pi,random-tiny_cpu_t1_p4,2,");
            Assert.HasCount(1 + 2, File.ReadAllLines(Path.Combine(directory, "fleet", "boards", "bench-pi", "summary.csv")));
            Assert.HasCount(1 + 2, File.ReadAllLines(Path.Combine(directory, "agent", "cli-fleet", "summary.csv")));
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
            await server.StopAsync();
            Directory.Delete(directory, recursive: true);
        }
        StringAssert.Contains(await agentOutput, "agent 'bench-pi' on mqtt://127.0.0.1");
    }

    [TestMethod]
    [DataRow(new[] { "--fleet", "mqtt://127.0.0.1:1" }, "--fleet needs either --boards a,b,c or --all-boards")]
    [DataRow(new[] { "--fleet", "http://broker" }, "is not an mqtt://HOST:PORT")]
    [DataRow(new[] { "--fleet", "mqtt://127.0.0.1:1", "--boards", "a/#" }, "'a/#' is not an agent name")]
    [DataRow(new[] { "--boards", "a" }, "--boards and --all-boards need --fleet")]
    public void FleetCampaign_BadOptions_FailWithOneClearLine(string[] options, string expected)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"edgemmf-fleet-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "plan.json"), TinyPlan);
            var result = EdgemmfProcess.Run(directory, ["campaign", "--plan", "plan.json", "--out", "fleet", .. options]);

            Assert.AreEqual(1, result.ExitCode);
            StringAssert.Contains(result.Stderr, expected);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

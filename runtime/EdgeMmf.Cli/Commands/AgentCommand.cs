using System.CommandLine;
using System.Reflection;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Platform;
using EdgeMmf.Text;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf agent --broker mqtt://HOST:1883</c>: one board of a fleet campaign. It announces itself, measures the
/// runs a coordinator (<c>campaign --fleet</c>) assigns it exactly as <c>campaign</c> would, keeps the outputs under
/// <c>--out/&lt;campaign&gt;/</c> and publishes them. Ctrl-C (or SIGTERM from systemd) stops it; a run it finished is
/// never measured again.
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "The broker, mqtt://HOST:1883 (mqtts://HOST:8883 for TLS).", Required = true };
        var name = new Option<string>("--name") { Description = "This board's name in the fleet (default: the host name).", DefaultValueFactory = _ => Environment.MachineName };
        var output = new Option<string>("--out") { Description = "Where each campaign's outputs are kept, one folder per campaign.", DefaultValueFactory = _ => "edgemmf-agent" };
        var noSensors = new Option<bool>("--no-sensors") { Description = "Record timings only, even where sensors exist." };
        SensorsCommand.SensorRoots roots = SensorsCommand.SensorRoots.Create();
        var command = new Command("agent", "Serve fleet campaigns from an MQTT broker: measure the runs assigned to this board and publish them.")
        {
            broker, name, output, noSensors, roots.Hwmon, roots.Powercap, roots.Vcgencmd,
        };
        FleetBrokerOptions brokerOptions = FleetBrokerOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            FleetBroker address = brokerOptions.Parse(result, result.GetValue(broker)!);
            bool sensorsOff = result.GetValue(noSensors);
            Action<string> log = line => Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {TerminalText.Escape(line)}");
            FleetCampaignRun run = (plan, directory, runIds, runMeasured, cancellationToken) =>
            {
                using DiscoveredSensors found = sensorsOff
                    ? new DiscoveredSensors([], ["sensors disabled with --no-sensors."])
                    : SensorDiscovery.Discover(roots.Configuration(result, plan.Sensors));
                using var workload = new RuntimeWorkload(plan.Fpga);
                var runner = new CampaignRunner(plan, directory, found.Sensors, found.Notes, workload, Console.Out, null, runIds) { RunMeasured = runMeasured };
                return runner.Run(cancellationToken);
            };
            var agent = new FleetAgent(address, Announce(result.GetValue(name)!, sensorsOff, roots, result), result.GetValue(output)!, run, log);
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) =>
            {
                e.Cancel = true; // finish the run's samples, say offline, then exit
                stop.Cancel();
            };
            Console.CancelKeyPress += onCtrlC;
            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.Cancel();
            });
            try
            {
                agent.RunAsync(stop.Token).GetAwaiter().GetResult();
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
            }
        }));
        return command;
    }

    private static AgentAnnouncement Announce(string name, bool sensorsOff, SensorsCommand.SensorRoots roots, ParseResult result)
    {
        if (!FleetTopics.IsValidName(name))
        {
            throw new ArgumentException($"--name '{name}' cannot name a board on the broker: use 1-64 letters, digits, '-', '_' or '.'.");
        }
        var sensors = new List<string>();
        if (!sensorsOff)
        {
            using DiscoveredSensors found = SensorDiscovery.Discover(roots.Configuration(result, new SensorPlan()));
            foreach (IPowerSensor sensor in found.Sensors)
            {
                sensors.Add(sensor.Name);
            }
        }
        BoardInfo board = BoardInfo.Current;
        return new AgentAnnouncement
        {
            Name = name,
            BoardModel = board.Model ?? "unknown",
            Cores = Environment.ProcessorCount,
            KernelPath = KernelSelector.NameOf(KernelSelector.Best),
            Sensors = sensors,
            EdgeMmfVersion = typeof(AgentCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        };
    }
}

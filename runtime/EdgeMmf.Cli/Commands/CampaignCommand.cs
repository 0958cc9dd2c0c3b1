using System.CommandLine;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Device.Gpio;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Text;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf campaign --plan plan.json --out DIR</c>: runs a measurement campaign (models x backends x
/// threads x prompt lengths, warm-ups, repetitions, idle baselines) while sampling the board's power
/// sensors, and writes raw samples, summaries and plots. Ctrl-C stops it; the same command resumes it.
/// With <c>--fleet mqtt://HOST:1883</c> the boards running <c>edgemmf agent</c> measure instead, and this
/// machine coordinates (<see cref="FleetCoordinator"/>).
/// </summary>
internal static class CampaignCommand
{
    /// <summary>Exit code of an interrupted campaign (128 + SIGINT, as shells report Ctrl-C).</summary>
    private const int Interrupted = 130;

    public static Command Create()
    {
        var plan = new Option<string>("--plan") { Description = "The campaign plan (JSON; see device/plans/smoke.json).", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder; run again with the same folder to resume.", Required = true };
        var noSensors = new Option<bool>("--no-sensors") { Description = "Record timings only, even where sensors exist." };
        SensorsCommand.SensorRoots roots = SensorsCommand.SensorRoots.Create();
        var command = new Command("campaign", "Measure energy per token over a matrix of models, threads, prompt lengths and backends; resumable.")
        {
            plan, output, noSensors, roots.Hwmon, roots.Powercap, roots.Vcgencmd,
        };
        MarkGpioOptions.AddTo(command);
        var fleet = new Option<string?>("--fleet") { Description = "Run on the boards serving `edgemmf agent` at this broker, mqtt://HOST:1883, instead of here." };
        var boards = new Option<string?>("--boards") { Description = "With --fleet: the boards to run on, comma-separated agent names." };
        var allBoards = new Option<bool>("--all-boards") { Description = "With --fleet: every board that announces itself within a few seconds." };
        command.Options.Add(fleet);
        command.Options.Add(boards);
        command.Options.Add(allBoards);
        FleetBrokerOptions brokerOptions = FleetBrokerOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            CampaignPlan campaign = SensorsCommand.LoadPlan(result.GetValue(plan)!);
            if (result.GetValue(fleet) is { } broker)
            {
                return Coordinate(campaign, brokerOptions.Parse(result, broker), result.GetValue(output)!, result.GetValue(boards), result.GetValue(allBoards));
            }
            if (result.GetValue(boards) is not null || result.GetValue(allBoards))
            {
                throw new ArgumentException("--boards and --all-boards need --fleet mqtt://HOST:PORT.");
            }
            using DiscoveredSensors found = result.GetValue(noSensors)
                ? new DiscoveredSensors([], ["sensors disabled with --no-sensors."])
                : SensorDiscovery.Discover(roots.Configuration(result, campaign.Sensors));
            using var workload = new RuntimeWorkload(campaign.Fpga);
            using GpioMarkPin? markPin = MarkGpioOptions.Open(result, campaign.MarkGpio, campaign.MarkGpioEvery);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) =>
            {
                e.Cancel = true; // finish cleanly: flush samples, write the summary of what is done
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCtrlC;
            try
            {
                var runner = new CampaignRunner(campaign, result.GetValue(output)!, found.Sensors, found.Notes, workload, Console.Out, markPin);
                CampaignOutcome outcome = runner.Run(cancel.Token);
                return outcome.Interrupted ? Interrupted : 0;
            }
            catch (CampaignPlanException e)
            {
                throw new ArgumentException(e.Message, e);
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
            }
        }));
        return command;
    }

    private static int Coordinate(CampaignPlan campaign, FleetBroker broker, string output, string? boards, bool allBoards)
    {
        if ((boards is null) == !allBoards)
        {
            throw new ArgumentException("--fleet needs either --boards a,b,c or --all-boards.");
        }
        List<string>? names = boards?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (string name in names ?? [])
        {
            if (!FleetTopics.IsValidName(name))
            {
                throw new ArgumentException($"--boards: '{name}' is not an agent name (1-64 letters, digits, '-', '_' or '.').");
            }
        }
        if (!FleetTopics.IsValidName(campaign.Name))
        {
            throw new ArgumentException($"Plan name '{campaign.Name}' names the campaign's MQTT topics: use 1-64 letters, digits, '-', '_' or '.'.");
        }
        var coordinator = new FleetCoordinator(broker, campaign, output, names, line => Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {TerminalText.Escape(line)}"));
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true; // write the summaries of what has arrived
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            return coordinator.RunAsync(cancel.Token).GetAwaiter().GetResult() ? 0 : Interrupted;
        }
        catch (Exception e) when (e is CampaignPlanException or FleetMessageException)
        {
            throw new ArgumentException(e.Message, e);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }
}

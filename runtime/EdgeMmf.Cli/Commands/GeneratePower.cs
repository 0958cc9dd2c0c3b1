using System.CommandLine;
using System.Globalization;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Gpio;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf generate --power</c>: samples the board's power sensors during one generation (after an idle
/// baseline) and prints the same one-line energy summary a campaign logs per run, on stderr.
/// Hooked into generate through <see cref="GenerateExtensions"/>.
/// </summary>
internal sealed class GeneratePower : IDisposable
{
    private const string PowerName = "--power";
    private const string IdleName = "--power-idle-seconds";
    private const string IntervalName = "--power-interval-ms";
    private const string CsvName = "--power-csv";
    private const string PlanName = "--power-plan";

    private readonly DiscoveredSensors _sensors;
    private readonly PowerMeasurement _measurement;
    private readonly GpioMarkPin? _markPin;

    private GeneratePower(DiscoveredSensors sensors, PowerMeasurement measurement, GpioMarkPin? markPin)
    {
        _sensors = sensors;
        _measurement = measurement;
        _markPin = markPin;
        Observer = new GenerationMarksObserver(markPin is null ? measurement.Marks : new GenerationMarksTee(measurement.Marks, markPin));
    }

    public IGenerationObserver Observer { get; }

    public static void AddOptions(Command command)
    {
        command.Options.Add(new Option<bool>(PowerName) { Description = "Sample the board's power sensors and print energy per token (see docs/power.md)." });
        command.Options.Add(new Option<double>(IdleName) { Description = "Idle baseline recorded before generating, with --power.", DefaultValueFactory = _ => 2.0 });
        command.Options.Add(new Option<int>(IntervalName) { Description = "Power sampling interval, with --power.", DefaultValueFactory = _ => 20 });
        command.Options.Add(new Option<string?>(CsvName) { Description = "Also write the raw power samples to this CSV, with --power." });
        command.Options.Add(new Option<string?>(PlanName) { Description = "Take the sensor setup (INA2xx breakouts, countedRails) from this campaign plan's \"sensors\" section." });
        MarkGpioOptions.AddTo(command);
    }

    /// <summary>Starts sampling and records the idle baseline; null without --power.</summary>
    public static GeneratePower? Start(ParseResult result)
    {
        if (!result.GetValue<bool>(PowerName)) return null;
        int interval = result.GetValue<int>(IntervalName);
        double idle = result.GetValue<double>(IdleName);
        if (interval < 1) throw new ArgumentException($"{IntervalName} must be 1 or more, not {interval}.");
        if (idle < 0) throw new ArgumentException($"{IdleName} must be 0 or more, not {idle.ToString(CultureInfo.InvariantCulture)}.");
        string? planPath = result.GetValue<string?>(PlanName);
        CampaignPlan? campaign = planPath is null ? null : SensorsCommand.LoadPlan(planPath);
        SensorPlan plan = campaign?.Sensors ?? new SensorPlan();
        GpioMarkPin? markPin = MarkGpioOptions.Open(result, campaign?.MarkGpio, campaign?.MarkGpioEvery);
        var configuration = new SensorConfiguration
        {
            UseHwmon = plan.Hwmon,
            UseRapl = plan.Rapl,
            UseRaspberryPiPmic = plan.RaspberryPiPmic,
            Ina2xx = plan.Ina2xx,
            CountedRails = plan.CountedRails,
        };
        DiscoveredSensors sensors = SensorDiscovery.Discover(configuration);
        if (sensors.Sensors.Count == 0)
        {
            Console.Error.WriteLine("edgemmf: no power sensor found; --power reports timings only (`edgemmf sensors` says why).");
        }
        PowerMeasurement measurement = PowerMeasurement.Start(sensors.Sensors, TimeSpan.FromMilliseconds(interval),
            result.GetValue<string?>(CsvName), message => Console.Error.WriteLine($"edgemmf: {EdgeMmf.Text.TerminalText.Escape(message)}"));
        if (idle > 0) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edgemmf: measuring {idle:F1} s of idle power first..."));
        measurement.MeasureIdle(TimeSpan.FromSeconds(idle), CancellationToken.None);
        return new GeneratePower(sensors, measurement, markPin);
    }

    /// <summary>Stops sampling and prints the energy summary line on stderr.</summary>
    public void Report() => Console.Error.WriteLine("edgemmf: " + _measurement.Finish().ToSummaryLine());

    public void Dispose()
    {
        _markPin?.Dispose();
        _measurement.Dispose();
        _sensors.Dispose();
    }
}

using System.CommandLine;
using System.Globalization;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Text;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf sensors</c>: the power sensors this board has (hwmon, RAPL, Raspberry Pi 5 PMIC, configured
/// INA219/INA226 breakouts), each rail with a few readings, and why each missing family is missing.
/// </summary>
internal static class SensorsCommand
{
    public static Command Create()
    {
        var plan = new Option<string?>("--plan") { Description = "Read the \"sensors\" section of a campaign plan (INA219/INA226 breakouts, families to skip)." };
        var readings = new Option<int>("--readings") { Description = "Readings to take per sensor.", DefaultValueFactory = _ => 3 };
        var interval = new Option<int>("--interval-ms") { Description = "Time between readings.", DefaultValueFactory = _ => 200 };
        SensorRoots roots = SensorRoots.Create();
        var command = new Command("sensors", "List the power sensors found on this board, their rails and current readings, and why any family is missing.")
        {
            plan, readings, interval, roots.Hwmon, roots.Powercap, roots.Vcgencmd,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string? planPath = result.GetValue(plan);
            SensorPlan sensorPlan = planPath is null ? new SensorPlan() : LoadPlan(planPath).Sensors;
            using DiscoveredSensors found = SensorDiscovery.Discover(roots.Configuration(result, sensorPlan));
            int count = ModelOptions.InRange("--readings", result.GetValue(readings), 1, 10_000);
            int pause = ModelOptions.InRange("--interval-ms", result.GetValue(interval), 0, 60_000);
            CultureInfo c = CultureInfo.InvariantCulture;
            if (found.Sensors.Count == 0)
            {
                Console.Out.WriteLine("no power sensor found: campaigns will record timings only.");
            }
            foreach (IPowerSensor sensor in found.Sensors)
            {
                // Names, labels and messages come from sysfs and device files: escaped, so a label cannot drive the terminal.
                Console.Out.WriteLine(TerminalText.Escape(sensor.Name));
                var values = new double[count][];
                try
                {
                    for (int k = 0; k < count; k++)
                    {
                        if (k > 0) Thread.Sleep(pause);
                        values[k] = new double[sensor.Rails.Count];
                        sensor.Read(values[k]);
                    }
                }
                catch (PowerSensorException e)
                {
                    Console.Out.WriteLine($"  unreadable: {TerminalText.Escape(e.Message)}");
                    continue;
                }
                for (int r = 0; r < sensor.Rails.Count; r++)
                {
                    PowerRail rail = sensor.Rails[r];
                    string unit = rail.Quantity == RailQuantity.Milliwatts ? "mW" : "uJ (counter)";
                    string readingsText = string.Join("  ", values.Select(v => double.IsNaN(v[r]) ? "-" : v[r].ToString("F1", c)));
                    string counted = rail.CountsTowardTotal ? "counted in the total" : "inside another rail, not summed";
                    string flagged = values.Any(v => !double.IsNaN(v[r]) && !PowerReadingRange.IsPlausible(rail.Quantity, v[r])) ? "  implausible: negative, absurd or not finite" : "";
                    Console.Out.WriteLine($"  {TerminalText.Escape(rail.Name),-24} {readingsText} {unit}  ({counted}){flagged}");
                }
            }
            foreach (string note in found.Notes)
            {
                Console.Out.WriteLine($"note: {TerminalText.Escape(note)}");
            }
            return 0;
        }));
        return command;
    }

    internal static CampaignPlan LoadPlan(string path)
    {
        try
        {
            return CampaignPlan.Load(path);
        }
        catch (CampaignPlanException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>The sysfs roots and vcgencmd path, overridable so simulated trees can stand in for a board.</summary>
    internal sealed record SensorRoots(Option<string> Hwmon, Option<string> Powercap, Option<string> Vcgencmd)
    {
        public static SensorRoots Create() => new(
            new Option<string>("--hwmon-root") { Description = "Where hwmon devices live.", DefaultValueFactory = _ => "/sys/class/hwmon" },
            new Option<string>("--powercap-root") { Description = "Where RAPL powercap zones live.", DefaultValueFactory = _ => "/sys/class/powercap" },
            new Option<string>("--vcgencmd") { Description = "The vcgencmd program (Raspberry Pi 5 PMIC).", DefaultValueFactory = _ => "vcgencmd" });

        public SensorConfiguration Configuration(ParseResult result, SensorPlan plan) => new()
        {
            UseHwmon = plan.Hwmon,
            UseRapl = plan.Rapl,
            UseRaspberryPiPmic = plan.RaspberryPiPmic,
            Ina2xx = plan.Ina2xx,
            CountedRails = plan.CountedRails,
            HwmonRoot = result.GetValue(Hwmon)!,
            PowercapRoot = result.GetValue(Powercap)!,
            Vcgencmd = result.GetValue(Vcgencmd)!,
        };
    }
}

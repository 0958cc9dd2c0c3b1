using System.Globalization;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Hwmon;

/// <summary>
/// A Linux hwmon device that measures power (Documentation/hwmon/sysfs-interface.rst):
/// <c>power{N}_input</c> in µW where the driver computes power (ina2xx, ina238, ...), otherwise
/// <c>in{N}_input</c> (mV) times <c>curr{N}_input</c> (mA) where the driver reports them for the same
/// channel N, as the INA3221 driver does for channels 1-3 (its in4-6 are shunt voltages, curr4 a sum).
/// Rails are named by <c>*_label</c> (a Jetson's <c>VDD_IN</c>, <c>VDD_CPU_GPU_CV</c>, <c>VDD_SOC</c>).
/// </summary>
public sealed class HwmonSensor : IPowerSensor
{
    /// <summary>Labels of a Jetson's board-input rail: when present it alone counts toward the total, the others are inside it.</summary>
    private static readonly string[] BoardInputLabels = ["VDD_IN", "POM_5V_IN"];

    private readonly HwmonChannel[] _channels;

    private HwmonSensor(string directory, string chip, HwmonChannel[] channels, PowerRail[] rails)
    {
        Directory = directory;
        Chip = chip;
        _channels = channels;
        Rails = rails;
        Name = chip + "@" + System.IO.Path.GetFileName(directory);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The device's folder, e.g. <c>/sys/class/hwmon/hwmon1</c>.</summary>
    public string Directory { get; }

    /// <summary>The driver's <c>name</c> file, e.g. <c>ina3221</c>.</summary>
    public string Chip { get; }

    /// <inheritdoc/>
    public IReadOnlyList<PowerRail> Rails { get; }

    /// <inheritdoc/>
    public void Read(Span<double> values)
    {
        for (int i = 0; i < _channels.Length; i++)
        {
            HwmonChannel channel = _channels[i];
            if (channel.PowerPath is not null)
            {
                values[i] = SysfsFile.ReadInteger(channel.PowerPath, Name) / 1000.0; // µW -> mW
            }
            else
            {
                long millivolts = SysfsFile.ReadInteger(channel.VoltagePath!, Name);
                long milliamps = SysfsFile.ReadInteger(channel.CurrentPath!, Name);
                values[i] = millivolts * milliamps / 1000.0; // mV * mA = µW -> mW
            }
        }
    }

    /// <summary>Nothing to release: each read opens its files.</summary>
    public void Dispose() { }

    /// <summary>
    /// Finds every hwmon device under <paramref name="root"/> (normally <c>/sys/class/hwmon</c>) that
    /// measures power. Devices without power or current channels (temperature, fans) are skipped
    /// silently; channels that cannot be used are described in <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<HwmonSensor> Discover(string root, List<string> notes)
    {
        var sensors = new List<HwmonSensor>();
        if (!System.IO.Directory.Exists(root))
        {
            notes.Add($"hwmon: '{root}' does not exist (not Linux, or sysfs not mounted).");
            return sensors;
        }
        string[] devices = System.IO.Directory.GetFileSystemEntries(root, "hwmon*");
        Array.Sort(devices, StringComparer.Ordinal);
        foreach (string device in devices)
        {
            HwmonSensor? sensor = TryOpen(device, notes);
            if (sensor is not null)
            {
                sensors.Add(sensor);
            }
        }
        if (sensors.Count == 0)
        {
            notes.Add($"hwmon: none of the {devices.Length} device(s) under '{root}' reports power or current.");
        }
        return sensors;
    }

    /// <summary>Opens one hwmon folder; null when it measures no power.</summary>
    public static HwmonSensor? TryOpen(string device, List<string> notes)
    {
        string chip = SysfsFile.TryReadText(System.IO.Path.Combine(device, "name")) ?? System.IO.Path.GetFileName(device);
        var channels = new List<HwmonChannel>();
        var labels = new List<string>();
        for (int n = 0; n <= 16; n++)
        {
            string power = System.IO.Path.Combine(device, $"power{n}_input");
            string current = System.IO.Path.Combine(device, $"curr{n}_input");
            string voltage = System.IO.Path.Combine(device, $"in{n}_input");
            if (File.Exists(power))
            {
                channels.Add(new HwmonChannel(power, null, null));
                labels.Add(Label(device, n, "power") ?? Label(device, n, "curr") ?? $"power{n}");
            }
            else if (File.Exists(current))
            {
                bool sameChannelVoltage = chip == "ina3221" ? n is >= 1 and <= 3 : Label(device, n, "in") is { } l && l == Label(device, n, "curr");
                if (!sameChannelVoltage || !File.Exists(voltage))
                {
                    notes.Add($"hwmon: {chip}@{System.IO.Path.GetFileName(device)} curr{n} has no bus voltage of its own; left out.");
                    continue;
                }
                if (SysfsFile.TryReadText(System.IO.Path.Combine(device, $"in{n}_enable")) == "0")
                {
                    notes.Add($"hwmon: {chip}@{System.IO.Path.GetFileName(device)} channel {n} is disabled (in{n}_enable = 0); left out.");
                    continue;
                }
                channels.Add(new HwmonChannel(null, voltage, current));
                labels.Add(Label(device, n, "in") ?? Label(device, n, "curr") ?? $"channel{n}");
            }
        }
        if (channels.Count == 0)
        {
            return null;
        }
        bool hasBoardInput = labels.Exists(l => Array.IndexOf(BoardInputLabels, l) >= 0);
        var rails = new PowerRail[channels.Count];
        for (int i = 0; i < rails.Length; i++)
        {
            bool counts = !hasBoardInput || Array.IndexOf(BoardInputLabels, labels[i]) >= 0;
            rails[i] = new PowerRail(labels[i], RailQuantity.Milliwatts, counts);
        }
        return new HwmonSensor(device, chip, channels.ToArray(), rails);
    }

    private static string? Label(string device, int n, string prefix) =>
        SysfsFile.TryReadText(System.IO.Path.Combine(device, string.Create(CultureInfo.InvariantCulture, $"{prefix}{n}_label")));

    private sealed record HwmonChannel(string? PowerPath, string? VoltagePath, string? CurrentPath);
}

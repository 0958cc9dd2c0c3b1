using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Rapl;

/// <summary>
/// Intel/AMD RAPL energy counters through the Linux powercap framework
/// (Documentation/power/powercap/powercap.rst): each zone <c>intel-rapl:P</c> (a package, or psys)
/// and sub-zone <c>intel-rapl:P:S</c> (core, uncore, dram) has <c>name</c>, a cumulative
/// <c>energy_uj</c>, and <c>max_energy_range_uj</c>, the value at which the counter wraps.
/// Packages and DRAM count toward the total; core and uncore are inside their package, and psys
/// (the whole platform) would count the package twice, so they are recorded but not summed.
/// </summary>
public sealed class RaplSensor : IPowerSensor
{
    private readonly string[] _energyPaths;

    private RaplSensor(string[] energyPaths, PowerRail[] rails)
    {
        _energyPaths = energyPaths;
        Rails = rails;
    }

    /// <inheritdoc/>
    public string Name => "rapl";

    /// <inheritdoc/>
    public IReadOnlyList<PowerRail> Rails { get; }

    /// <inheritdoc/>
    public void Read(Span<double> values)
    {
        for (int i = 0; i < _energyPaths.Length; i++)
        {
            values[i] = SysfsFile.ReadInteger(_energyPaths[i], Name);
        }
    }

    /// <summary>Nothing to release: each read opens its files.</summary>
    public void Dispose() { }

    /// <summary>
    /// Finds the RAPL zones under <paramref name="root"/> (normally <c>/sys/class/powercap</c>). Returns null,
    /// with the reason in <paramref name="notes"/>, when there are none or their counters cannot be read
    /// (since Linux 5.10 <c>energy_uj</c> is readable by root only).
    /// </summary>
    public static RaplSensor? Discover(string root, List<string> notes)
    {
        if (!Directory.Exists(root))
        {
            notes.Add($"rapl: '{root}' does not exist (no powercap: not an x86 machine, or the intel_rapl driver is not loaded).");
            return null;
        }
        string[] zones = Directory.GetFileSystemEntries(root, "intel-rapl:*");
        Array.Sort(zones, StringComparer.Ordinal);
        var paths = new List<string>();
        var rails = new List<PowerRail>();
        foreach (string zone in zones)
        {
            string energy = Path.Combine(zone, "energy_uj");
            if (!Path.Exists(energy))
            {
                continue; // a zone without a counter (some constraint-only zones)
            }
            string zoneId = Path.GetFileName(zone);
            string name = SysfsFile.TryReadText(Path.Combine(zone, "name")) ?? zoneId;
            try
            {
                SysfsFile.ReadInteger(energy, "rapl");
                double range = SysfsFile.ReadInteger(Path.Combine(zone, "max_energy_range_uj"), "rapl");
                bool isSubZone = zoneId.Count(c => c == ':') > 1;
                bool counts = name.StartsWith("package", StringComparison.Ordinal) || name == "dram";
                string railName = isSubZone ? $"{name}({zoneId["intel-rapl:".Length..]})" : name;
                paths.Add(energy);
                rails.Add(new PowerRail(railName, RailQuantity.CumulativeMicrojoules, counts, range));
            }
            catch (PowerSensorException e)
            {
                notes.Add(e.Message);
            }
        }
        if (rails.Count == 0)
        {
            if (zones.Length == 0)
            {
                notes.Add($"rapl: no intel-rapl zones under '{root}' (the machine or its virtualisation does not expose RAPL).");
            }
            return null;
        }
        return new RaplSensor(paths.ToArray(), rails.ToArray());
    }
}

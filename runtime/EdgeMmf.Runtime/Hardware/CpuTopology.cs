namespace EdgeMmf.Runtime.Hardware;

/// <summary>
/// Physical core count, the default thread count: decode is memory-bound, and SMT siblings share the
/// same load ports and caches, so one thread per physical core is the useful maximum. Read from Linux
/// sysfs (<c>/sys/devices/system/cpu/cpu*/topology/{physical_package_id,core_id}</c>); elsewhere, or if
/// sysfs is unreadable, the logical processor count.
/// </summary>
public static class CpuTopology
{
    public static int PhysicalCores() => PhysicalCores("/sys/devices/system/cpu");

    internal static int PhysicalCores(string sysfsCpuRoot)
    {
        try
        {
            if (!Directory.Exists(sysfsCpuRoot)) return Environment.ProcessorCount;
            var cores = new HashSet<(string Package, string Core)>();
            foreach (string cpu in Directory.GetDirectories(sysfsCpuRoot, "cpu*"))
            {
                string name = Path.GetFileName(cpu);
                if (name.Length <= 3 || !char.IsAsciiDigit(name[3])) continue;
                string topology = Path.Combine(cpu, "topology");
                string coreFile = Path.Combine(topology, "core_id");
                if (!File.Exists(coreFile)) continue;
                string package = File.Exists(Path.Combine(topology, "physical_package_id"))
                    ? File.ReadAllText(Path.Combine(topology, "physical_package_id")).Trim() : "0";
                cores.Add((package, File.ReadAllText(coreFile).Trim()));
            }
            return cores.Count > 0 ? Math.Min(cores.Count, Environment.ProcessorCount) : Environment.ProcessorCount;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.ProcessorCount;
        }
    }
}

namespace EdgeMmf.Runtime.Threading;

/// <summary>Physical core count, the default worker count: SMT siblings share the memory port and the vector units.</summary>
public static class ProcessorTopology
{
    /// <summary>
    /// Distinct (package, core) pairs among the CPUs Linux lists (/sys/devices/system/cpu/cpuN/topology),
    /// capped by <see cref="Environment.ProcessorCount"/> (which honours affinity and cgroup limits).
    /// Elsewhere, or if sysfs is unreadable, <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public static int PhysicalCores()
    {
        int logical = Environment.ProcessorCount;
        try
        {
            const string root = "/sys/devices/system/cpu";
            if (!Directory.Exists(root)) return logical;
            var cores = new HashSet<(string Package, string Core)>();
            foreach (string dir in Directory.GetDirectories(root, "cpu*"))
            {
                string name = Path.GetFileName(dir);
                if (name.Length < 4 || !name.AsSpan(3).ToString().All(char.IsAsciiDigit)) continue;
                string core = Path.Combine(dir, "topology", "core_id");
                string package = Path.Combine(dir, "topology", "physical_package_id");
                if (!File.Exists(core)) continue;
                cores.Add((File.Exists(package) ? File.ReadAllText(package).Trim() : "0", File.ReadAllText(core).Trim()));
            }
            return cores.Count == 0 ? logical : Math.Min(cores.Count, logical);
        }
        catch (IOException) { return logical; }
        catch (UnauthorizedAccessException) { return logical; }
    }
}

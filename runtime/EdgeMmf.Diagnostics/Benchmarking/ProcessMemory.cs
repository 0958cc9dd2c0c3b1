namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>Resident memory of this process from Linux's /proc/self/status (0 where it does not exist).</summary>
public static class ProcessMemory
{
    /// <summary>Current resident set (VmRSS), bytes.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>Peak resident set (VmHWM), bytes.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    private static long Read(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}

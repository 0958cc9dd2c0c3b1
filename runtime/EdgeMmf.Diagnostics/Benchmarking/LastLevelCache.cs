using System.Globalization;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// The size of the CPU's last-level cache as Linux reports it (<c>/sys/devices/system/cpu/cpu0/cache/index*/</c>), so
/// that a measurement meant to stream from memory can size its data well beyond it.
/// </summary>
public static class LastLevelCache
{
    private const string CacheDirectory = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>Bytes of the highest-level cache of CPU 0; 0 where the system does not say (no sysfs, some ARM boards).</summary>
    public static long Bytes { get; } = Read();

    /// <summary>
    /// A sysfs cache size ("307200K", "2048K", "32M", "512") in bytes; 0 if <paramref name="text"/> is not one.
    /// </summary>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Length == 0) return 0;
        long unit = char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        if (unit != 1) t = t[..^1];
        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= long.MaxValue / unit ? value * unit : 0;
    }

    private static long Read()
    {
        try
        {
            if (!Directory.Exists(CacheDirectory)) return 0;
            int bestLevel = 0;
            long bytes = 0;
            foreach (string index in Directory.GetDirectories(CacheDirectory, "index*"))
            {
                string levelFile = Path.Combine(index, "level"), sizeFile = Path.Combine(index, "size");
                if (!File.Exists(levelFile) || !File.Exists(sizeFile)) continue;
                if (!int.TryParse(File.ReadAllText(levelFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int level)) continue;
                long size = ParseSize(File.ReadAllText(sizeFile));
                if (level > bestLevel || (level == bestLevel && size > bytes)) (bestLevel, bytes) = (level, size);
            }
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

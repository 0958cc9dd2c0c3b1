using System.Globalization;

namespace EdgeMmf.Runtime.Platform;

/// <summary>
/// The board and its cores as Linux describes them: the device-tree model ("Raspberry Pi 5 Model B Rev 1.0",
/// "NVIDIA Jetson AGX Orin Developer Kit"), or on a PC the DMI product name; the core types from /proc/cpuinfo
/// (on ARM the MIDR implementer and part, on x86 the model name) and the CPU feature flags.
/// Read from a root directory so tests can hand it a fixture tree.
/// </summary>
public sealed record BoardInfo(string? Model, IReadOnlyList<BoardInfo.CoreGroup> Cores, IReadOnlyList<string> Features)
{
    /// <summary>Cores of one type, in the order /proc/cpuinfo lists them.</summary>
    public readonly record struct CoreGroup(string Type, int Count);

    private static readonly Lazy<BoardInfo> ThisMachine = new(() => Read("/"));

    /// <summary>This machine, read once.</summary>
    public static BoardInfo Current => ThisMachine.Value;

    /// <summary>"4 x Cortex-A76", "2 x Cortex-A76 + 4 x Cortex-A55"; "unknown" when cpuinfo said nothing.</summary>
    public string CoreSummary => Cores.Count == 0 ? "unknown" : string.Join(" + ", Cores.Select(g => $"{g.Count} x {g.Type}"));

    /// <summary>True when the CPU reports the feature flag <paramref name="flag"/>.</summary>
    public bool HasFeature(string flag) => Features.Contains(flag);

    /// <summary>The board under <paramref name="root"/> ("/" for this machine).</summary>
    public static BoardInfo Read(string root)
    {
        string? model = FirstText(root, "proc/device-tree/model", "sys/firmware/devicetree/base/model", "sys/devices/virtual/dmi/id/product_name");
        string? cpuinfo = ReadText(Path.Combine(root, "proc/cpuinfo"));
        return cpuinfo is null ? new BoardInfo(model, [], []) : ParseCpuinfo(model, cpuinfo);
    }

    private static BoardInfo ParseCpuinfo(string? model, string cpuinfo)
    {
        var groups = new List<CoreGroup>();
        string[] features = [];
        int implementer = -1, part = -1;
        string? x86Name = null;
        void EndProcessor()
        {
            string? type = implementer >= 0 && part >= 0 ? ArmCoreNames.Name(implementer, part) : x86Name;
            if (type is not null)
            {
                if (groups.Count > 0 && groups[^1].Type == type) groups[^1] = groups[^1] with { Count = groups[^1].Count + 1 };
                else groups.Add(new CoreGroup(type, 1));
            }
            implementer = part = -1;
            x86Name = null;
        }

        bool inProcessor = false;
        foreach (string rawLine in cpuinfo.Split('\n'))
        {
            int colon = rawLine.IndexOf(':');
            if (colon < 0) continue;
            string key = rawLine[..colon].Trim(), value = rawLine[(colon + 1)..].Trim();
            switch (key)
            {
                case "processor":
                    if (inProcessor) EndProcessor();
                    inProcessor = true;
                    break;
                case "CPU implementer": implementer = ParseHex(value); break;
                case "CPU part": part = ParseHex(value); break;
                case "model name": x86Name = value; break;
                case "Features" or "flags" when features.Length == 0:
                    features = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    break;
            }
        }
        if (inProcessor) EndProcessor();
        return new BoardInfo(model, groups, features);
    }

    private static int ParseHex(string value) =>
        value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int n) ? n : -1;

    private static string? FirstText(string root, params string[] paths)
    {
        foreach (string path in paths)
            if (ReadText(Path.Combine(root, path)) is { Length: > 0 } text) return text;
        return null;
    }

    /// <summary>The file's text without the device tree's trailing NUL and surrounding white space; null if unreadable.</summary>
    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim('\0', ' ', '\n', '\r', '\t') : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

namespace EdgeMmf.Runtime.Model;

/// <summary>Where a loaded model's ternary weights live while it runs.</summary>
public enum WeightPlacement
{
    /// <summary>In the memory-mapped GGUF file, used in place: nothing copied, least memory, instant load.</summary>
    Mapped,

    /// <summary>
    /// Copied at load into one anonymous arena in decode order, advised for transparent huge pages
    /// (<see cref="LinuxMemoryAdvice"/>): faster decode for ~0.2 s more load time (370M) and the weights' size in
    /// anonymous memory; the file's pages are dropped from this process once copied.
    /// </summary>
    HugePages,
}

/// <summary>The process-wide choice: <c>EDGEMMF_WEIGHTS=mapped|huge-pages</c>, else huge pages where Linux offers them.</summary>
public static class WeightPlacements
{
    /// <summary>The variable that chooses the placement.</summary>
    public const string EnvironmentVariable = "EDGEMMF_WEIGHTS";

    /// <summary><see cref="EnvironmentVariable"/> if set; otherwise <see cref="WeightPlacement.HugePages"/> when THP is available.</summary>
    public static WeightPlacement Default
    {
        get
        {
            string? requested = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrEmpty(requested))
                return LinuxMemoryAdvice.HugePagesAvailable ? WeightPlacement.HugePages : WeightPlacement.Mapped;
            return Parse(requested) ?? throw new ArgumentException(
                $"{EnvironmentVariable}=\"{requested}\" is not a weight placement; use \"mapped\" or \"huge-pages\".");
        }
    }

    /// <summary>The placement named <paramref name="text"/> ("mapped" or "huge-pages"), or null.</summary>
    public static WeightPlacement? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mapped" => WeightPlacement.Mapped,
        "huge-pages" => WeightPlacement.HugePages,
        _ => null,
    };

    /// <summary>The name of <paramref name="placement"/> as <see cref="Parse"/> reads it.</summary>
    public static string NameOf(WeightPlacement placement) => placement == WeightPlacement.HugePages ? "huge-pages" : "mapped";

    /// <summary>A loaded model's placement for reports: "mapped", "huge-pages" or "huge-pages (advice refused)".</summary>
    public static string Describe(HgrnBitModel model) =>
        model.Placement == WeightPlacement.HugePages && !model.HugePagesAdvised ? "huge-pages (advice refused)" : NameOf(model.Placement);
}

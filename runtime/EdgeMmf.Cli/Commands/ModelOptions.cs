using System.CommandLine;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Cli.Commands;

/// <summary>The options every model-running command shares.</summary>
internal static class ModelOptions
{
    public static Option<string?> Model() => new("--model", "-m")
    {
        Description = "A Hugging Face checkpoint directory or a .gguf file; default: the demo model in models/demo/.",
    };

    public static Option<int> Threads() => new("--threads", "-t")
    {
        Description = "Worker threads for the ternary kernels (default: physical cores).",
        DefaultValueFactory = _ => ProcessorTopology.PhysicalCores(),
    };

    /// <summary><c>--type tq2_0|tq1_0</c>: a ternary block format (<c>convert</c> writes it, <c>bench</c> builds it); read it with <see cref="TernaryFormatOf"/>.</summary>
    public static Option<string> TernaryType(string description)
    {
        var type = new Option<string>("--type") { Description = description, DefaultValueFactory = _ => "tq2_0" };
        type.AcceptOnlyFromAmong("tq2_0", "tq1_0");
        return type;
    }

    public static TernaryFormat TernaryFormatOf(string type) => type == "tq1_0" ? TernaryFormat.Tq1_0 : TernaryFormat.Tq2_0;

    /// <summary>Parses "1,2,3" (spaces allowed) into token ids.</summary>
    public static int[] ParseIds(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new FormatException("--ids needs at least one token id, e.g. --ids 1,2,3.");
        var ids = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!int.TryParse(parts[k], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ids[k]))
                throw new FormatException($"--ids: \"{parts[k]}\" is not a token id (a non-negative integer).");
        return ids;
    }
}

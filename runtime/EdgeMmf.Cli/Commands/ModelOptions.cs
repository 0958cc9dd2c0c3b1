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

    /// <summary>More workers than four per logical CPU only queue behind each other; far more would exhaust the process.</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>Refuses a numeric option outside what the code can honour, before any work starts.</summary>
    public static int InRange(string option, int value, int min, int max) => value >= min && value <= max
        ? value : throw new ArgumentException($"{option} must be between {min} and {max}, not {value}.");

    public static int CheckThreads(int threads) => InRange("--threads", threads, 1, MaxThreads);

    /// <summary><c>--type tq2_0|tq1_0</c>: a ternary block format (<c>convert</c> writes it, <c>bench</c> builds it); read it with <see cref="TernaryFormatOf"/>.</summary>
    public static Option<string> TernaryType(string description)
    {
        var type = new Option<string>("--type") { Description = description, DefaultValueFactory = _ => "tq2_0" };
        AcceptOneOf(type, "tq2_0", "tq1_0");
        return type;
    }

    /// <summary>
    /// As System.CommandLine's AcceptOnlyFromAmong, with the refusal on one line (its own lists the values one per line).
    /// </summary>
    public static void AcceptOneOf(Option option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && Array.IndexOf(values, value) < 0)
                result.AddError($"{option.Name} must be one of {string.Join(", ", values)}, not '{value}'.");
        });
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

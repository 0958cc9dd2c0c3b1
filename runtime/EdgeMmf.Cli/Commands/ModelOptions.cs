using System.CommandLine;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Cli.Commands;

/// <summary>The options every model-running command shares.</summary>
internal static class ModelOptions
{
    public static Option<string?> Model() => new("--model", "-m")
    {
        Description = "A Hugging Face checkpoint directory (a hub cache snapshot too), a model id in the local Hugging Face cache " +
            "(e.g. ridger/MMfreeLM-370M; never downloaded), or a .gguf file; default: the demo model in models/demo/.",
    };

    /// <summary>
    /// <c>--strict-config</c>, on the root command and every command below it: refuse config.json fields EdgeMmf does not
    /// know instead of warning about them.
    /// </summary>
    public static readonly Option<bool> StrictConfig = new("--strict-config")
    {
        Description = "Refuse a config.json field EdgeMmf does not know, instead of naming it in a warning and going on.",
        Recursive = true,
    };

    /// <summary>How the CLI loads models: warnings and notices as "edgemmf: ..." lines on stderr.</summary>
    public static ModelLoadOptions LoadOptions(bool strictConfig) => new()
    {
        Config = new HfConfigPolicy { Strict = strictConfig, Warn = line => Console.Error.WriteLine($"edgemmf: warning: {line}") },
        Notice = line => Console.Error.WriteLine($"edgemmf: {line}"),
    };

    /// <summary>
    /// A --threads value the machine can use: more workers than logical CPUs only take turns on them (and 10,000 would
    /// start 10,000 threads), so larger values are capped with a warning.
    /// </summary>
    public static int UsableThreads(int requested, int logicalCpus)
    {
        if (requested < 1) throw new ArgumentException($"--threads must be 1 or more, not {requested}.");
        if (requested <= logicalCpus) return requested;
        Console.Error.WriteLine($"edgemmf: warning: --threads {requested} is more than the {logicalCpus} logical CPUs here; using {logicalCpus}.");
        return logicalCpus;
    }

    public static Option<int> Threads() => new("--threads", "-t")
    {
        Description = "Worker threads for the ternary kernels (default: physical cores).",
        DefaultValueFactory = _ => ProcessorTopology.PhysicalCores(),
    };

    /// <summary>Refuses a numeric option outside what the code can honour, before any work starts.</summary>
    public static int InRange(string option, int value, int min, int max) => value >= min && value <= max
        ? value : throw new ArgumentException($"{option} must be between {min} and {max}, not {value}.");

    /// <summary>
    /// <c>--type tq2_0|tq1_0</c>: a ternary block format (<c>convert</c> writes it, <c>bench</c> builds it); read it with
    /// <see cref="TernaryFormatOf"/>. Without <paramref name="defaultTq2"/> an absent option reads as null.
    /// </summary>
    public static Option<string> TernaryType(string description, bool defaultTq2 = true)
    {
        var type = new Option<string>("--type") { Description = description };
        if (defaultTq2) type.DefaultValueFactory = _ => "tq2_0";
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

    public static TernaryFormat TernaryFormatOf(string type) => TernaryFormatTraits.Parse(type).Format;

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

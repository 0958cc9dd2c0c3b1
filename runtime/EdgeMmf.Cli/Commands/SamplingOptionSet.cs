using System.CommandLine;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Cli.Commands;

/// <summary>The sampling options generate and chat share, turned into <see cref="SamplingOptions"/>.</summary>
internal sealed class SamplingOptionSet
{
    public readonly Option<float> Temperature = new("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0.6f };
    public readonly Option<int> TopK = new("--top-k") { Description = "Keep the K most likely tokens (0: all).", DefaultValueFactory = _ => 50 };
    public readonly Option<float> TopP = new("--top-p") { Description = "Keep the smallest set of tokens whose probability reaches P.", DefaultValueFactory = _ => 0.4f };
    public readonly Option<float> RepeatPenalty = new("--repeat-penalty") { Description = "Penalty for tokens seen in the last 64 (1: off).", DefaultValueFactory = _ => 1.1f };
    public readonly Option<ulong?> Seed = new("--seed") { Description = "Random seed, for reproducible sampling (default: a new seed each run)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Temperature);
        command.Options.Add(TopK);
        command.Options.Add(TopP);
        command.Options.Add(RepeatPenalty);
        command.Options.Add(Seed);
    }

    public SamplingOptions Read(ParseResult result)
    {
        var options = new SamplingOptions
        {
            Temperature = result.GetValue(Temperature),
            TopK = result.GetValue(TopK),
            TopP = result.GetValue(TopP),
            RepeatPenalty = result.GetValue(RepeatPenalty),
            Seed = result.GetValue(Seed) ?? (ulong)Environment.TickCount64 ^ (ulong)Environment.ProcessId << 32,
        };
        options.Validate();
        return options;
    }
}

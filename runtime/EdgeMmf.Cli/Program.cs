using System.CommandLine;
using EdgeMmf.Cli.Commands;

namespace EdgeMmf.Cli;

/// <summary>The <c>edgemmf</c> command line: one file per command under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("EdgeMmf: run MatMul-free language models on edge boards, and measure what each token costs.");
        root.Options.Add(ModelOptions.StrictConfig);
        // One line per command; keep them sorted by name.
        root.Subcommands.Add(AgentCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BridgeSimCommand.Create());
        root.Subcommands.Add(BundleCommand.Create());
        root.Subcommands.Add(CampaignCommand.Create());
        root.Subcommands.Add(ChatCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(DetokenizeCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(LogitsCommand.Create());
        root.Subcommands.Add(SensorsCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        return root;
    }
}

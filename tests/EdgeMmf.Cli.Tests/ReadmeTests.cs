using System.Text.RegularExpressions;

namespace EdgeMmf.Cli.Tests;

/// <summary>
/// Keeps README.md true: every edgemmf command line in its shell blocks names a real command and only
/// options that command accepts, and CI runs the README's test command verbatim.
/// </summary>
[TestClass]
public sealed partial class ReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(EdgemmfProcess.RepositoryRoot, "README.md"));

    /// <summary>Command lines from ```sh blocks, with continuation lines joined.</summary>
    private static List<string> ShellLines()
    {
        var lines = new List<string>();
        foreach (Match block in ShellBlock().Matches(Readme))
        {
            string joined = block.Groups[1].Value.Replace("\\\n", " ");
            foreach (string line in joined.Split('\n'))
            {
                string command = line.Split('#')[0].Trim();
                if (command.Length > 0) lines.Add(command);
            }
        }
        return lines;
    }

    [TestMethod]
    public void EveryEdgemmfCommandInTheReadme_UsesARealCommandAndRealOptions()
    {
        int checkedLines = 0;
        foreach (string line in ShellLines())
        {
            Match m = EdgemmfInvocation().Match(line);
            if (!m.Success) continue;
            string command = m.Groups["command"].Value;
            var help = EdgemmfProcess.Run(Path.GetTempPath(), command, "--help");
            Assert.AreEqual(0, help.ExitCode, $"README line \"{line}\": '{command}' is not an edgemmf command.\n{help.Stderr}");
            StringAssert.Contains(help.Stdout, $"edgemmf {command} ", $"README line \"{line}\": '{command}' is not an edgemmf command.");
            foreach (Match option in OptionName().Matches(m.Groups["rest"].Value))
                StringAssert.Contains(help.Stdout, option.Value, $"README line \"{line}\": {command} has no option {option.Value}.");
            checkedLines++;
        }
        Assert.IsGreaterThanOrEqualTo(5, checkedLines, "the README should show the main commands");
    }

    [TestMethod]
    public void TheReadmesTestCommand_IsWhatCiRuns()
    {
        List<string> lines = ShellLines();
        Assert.Contains("dotnet test EdgeMmf.sln", lines);
        string[] ci = File.ReadAllLines(Path.Combine(EdgemmfProcess.RepositoryRoot, ".ci", "run"));
        Assert.IsTrue(ci.Any(l => l == "dotnet test EdgeMmf.sln" || l.StartsWith("dotnet test EdgeMmf.sln ", StringComparison.Ordinal)),
            ".ci/run must run the README's test command");
    }

    [TestMethod]
    public void TheReadmesGenerateCommand_IsWhatCiRuns()
    {
        string generate = ShellLines().First(l => l.StartsWith("dotnet run --project runtime/EdgeMmf.Cli", StringComparison.Ordinal));
        string ci = File.ReadAllText(Path.Combine(EdgemmfProcess.RepositoryRoot, ".ci", "run"));
        StringAssert.Contains(ci, generate);
    }

    [GeneratedRegex("```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex("^(?:edgemmf|dotnet run --project runtime/EdgeMmf.Cli -c Release --)\\s+(?<command>[a-z][a-z-]*)(?<rest>.*)$")]
    private static partial Regex EdgemmfInvocation();

    [GeneratedRegex("--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}

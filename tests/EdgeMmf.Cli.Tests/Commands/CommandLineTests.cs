namespace EdgeMmf.Cli.Tests.Commands;

[TestClass]
public sealed class CommandLineTests
{
    [TestMethod]
    public void EveryCommand_HasHelp()
    {
        var root = EdgemmfProcess.Run(Path.GetTempPath(), "--help");
        Assert.AreEqual(0, root.ExitCode);
        string[] commands = root.Stdout[root.Stdout.IndexOf("Commands:", StringComparison.Ordinal)..]
            .Split('\n').Skip(1).Select(l => l.Trim().Split(' ')[0]).Where(c => c.Length > 0).ToArray();
        Assert.IsGreaterThanOrEqualTo(3, commands.Length, root.Stdout);
        foreach (string command in commands)
        {
            var help = EdgemmfProcess.Run(Path.GetTempPath(), command, "--help");
            Assert.AreEqual(0, help.ExitCode, command);
            StringAssert.Contains(help.Stdout, "Usage:", command);
        }
    }

    [TestMethod]
    public void UnknownOption_SaysWhatIsWrong()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "info", "--modle", "x");
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.Stderr + result.Stdout, "--modle");
    }

    [TestMethod]
    public void MissingModelPath_SaysWhatToDoNext()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "info", "--model", "/no/such/model");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "/no/such/model");
        StringAssert.Contains(result.Stderr, "edgemmf convert");
    }
}

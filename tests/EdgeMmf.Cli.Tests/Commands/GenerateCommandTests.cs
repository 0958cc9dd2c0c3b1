namespace EdgeMmf.Cli.Tests.Commands;

[TestClass]
public sealed class GenerateCommandTests
{
    private static string Root => EdgemmfProcess.RepositoryRoot;

    [TestMethod]
    public void Generate_WithoutModel_UsesTheShippedDemoAndStreamsASummary()
    {
        var result = EdgemmfProcess.Run(Root, "generate", "--max-tokens", "20", "--seed", "1", "The old house at the end of the road");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.StartsWith(result.Stdout, "The old house at the end of the road");
        Assert.IsGreaterThan("The old house at the end of the road".Length + 5, result.Stdout.Trim().Length);
        StringAssert.Contains(result.Stderr, "tokens/s");
    }

    [TestMethod]
    public void Generate_SameSeed_SameText_DifferentSeed_DifferentText()
    {
        string Run(string seed) => EdgemmfProcess.Run(Root, "generate", "--max-tokens", "30", "--temperature", "1.0", "--top-p", "1", "--seed", seed, "--no-echo", "She said that").Stdout;
        string a = Run("11"), b = Run("11"), c = Run("12");
        Assert.AreEqual(a, b);
        Assert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void Generate_StopString_IsNotPrinted()
    {
        var greedy = EdgemmfProcess.Run(Root, "generate", "--temperature", "0", "--max-tokens", "40", "--no-echo", "In the morning the committee");
        string text = greedy.Stdout.Trim();
        string stop = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        var stopped = EdgemmfProcess.Run(Root, "generate", "--temperature", "0", "--max-tokens", "40", "--no-echo", "--stop", stop, "In the morning the committee");
        StringAssert.Contains(stopped.Stderr, "stop string");
        Assert.AreEqual(text[..text.IndexOf(stop, StringComparison.Ordinal)].Trim(), stopped.Stdout.Trim());
    }

    [TestMethod]
    public void Generate_NoPrompt_SaysHowToGiveOne()
    {
        var result = EdgemmfProcess.Run(Root, "generate");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "--prompt");
    }
}

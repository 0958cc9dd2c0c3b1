using EdgeMmf.Runtime.Tests;

namespace EdgeMmf.Cli.Tests.Commands;

/// <summary>--model, --strict-config and --threads as a user meets them, through the real executable.</summary>
[TestClass]
public sealed class ModelOptionsTests
{
    private static string Root => EdgemmfProcess.RepositoryRoot;
    private static string Checkpoint => Path.Combine(Root, "tests", "data", "checkpoints", "rand-h96-bf16");

    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"edgemmf-cli-{Guid.NewGuid():N}-{name}");

    private static EdgemmfProcess.Result Run(Dictionary<string, string?> environment, params string[] arguments) =>
        EdgemmfProcess.Run(Root, null, TimeSpan.FromMinutes(3), environment, arguments);

    private static string[] Tree(string folder) =>
        Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    [TestMethod]
    public void Logits_ModelIdInTheHubCache_RunsOfflineAndConvertsIntoTheEdgemmfCacheOnce()
    {
        string hub = HubCacheLayout.Create(Checkpoint, "ridger/MMfreeLM-test");
        string[] hubBefore = Tree(hub);
        string xdg = Temp("xdg");
        var environment = new Dictionary<string, string?> { ["HF_HOME"] = Path.GetDirectoryName(hub), ["HF_HUB_CACHE"] = null, ["XDG_CACHE_HOME"] = xdg };

        var first = Run(environment, "logits", "--model", "ridger/MMfreeLM-test", "--ids", "1,2,3");
        Assert.AreEqual(0, first.ExitCode, first.Stderr);
        StringAssert.Contains(first.Stdout, "\"ids\":[1,2,3]");
        StringAssert.Contains(first.Stderr, $"converting {HubCacheLayout.SnapshotOf(hub, "ridger/MMfreeLM-test")} once into {Path.Combine(xdg, "edgemmf")}");
        Assert.HasCount(1, Directory.GetFiles(Path.Combine(xdg, "edgemmf"), "models--ridger--MMfreeLM-test-*.gguf"));

        var second = Run(environment, "logits", "--model", "ridger/MMfreeLM-test", "--ids", "1,2,3");
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        Assert.AreEqual(first.Stdout, second.Stdout);
        Assert.DoesNotContain("converting", second.Stderr, "said once, on the run that converts");
        CollectionAssert.AreEqual(hubBefore, Tree(hub), "nothing is written into the Hugging Face cache");
    }

    [TestMethod]
    public void Convert_FromAModelIdInTheHubCache_WritesOnlyTheOutput()
    {
        string hub = HubCacheLayout.Create(Checkpoint, "ridger/MMfreeLM-test");
        string[] hubBefore = Tree(hub);
        string output = Temp("converted.gguf");
        var result = Run(new() { ["HF_HUB_CACHE"] = hub }, "convert", "--from", "ridger/MMfreeLM-test", "--out", output, "--type", "tq2_0");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.IsTrue(File.Exists(output));
        CollectionAssert.AreEqual(hubBefore, Tree(hub));
    }

    [TestMethod]
    public void Logits_ModelIdNotInTheCache_IsOneLineWithTheDownloadCommand()
    {
        string hub = Temp("empty-hub");
        var result = Run(new() { ["HF_HUB_CACHE"] = hub }, "logits", "--model", "ridger/MMfreeLM-370M", "--ids", "1");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, $"not in the local Hugging Face cache at {hub}");
        StringAssert.Contains(result.Stderr, "hf download ridger/MMfreeLM-370M");
        Assert.HasCount(1, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    public void Info_UnknownConfigField_WarnsOnceAndRuns_StrictConfigRefuses()
    {
        string directory = Temp("checkpoint");
        Directory.CreateDirectory(directory);
        foreach (string file in Directory.GetFiles(Checkpoint)) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        string config = Path.Combine(directory, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\"", "\"rope_theta\": 10000, \"model_type\""));
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = Temp("xdg") };

        var lenient = Run(environment, "info", "--model", directory);
        Assert.AreEqual(0, lenient.ExitCode, lenient.Stderr);
        string[] warnings = lenient.Stderr.Split('\n').Where(l => l.Contains("warning")).ToArray();
        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], $"{config}: rope_theta:");

        var strict = Run(environment, "info", "--model", directory, "--strict-config");
        Assert.AreEqual(1, strict.ExitCode);
        StringAssert.Contains(strict.Stderr, $"edgemmf: error: {config}: rope_theta: is not a field");
    }

    [TestMethod]
    public void Generate_ModelThroughASymbolicLink_RunsLikeTheFile()
    {
        string demo = Path.Combine(Root, "models", "demo", "edgemmf-demo.gguf");
        string link = Temp("link.gguf");
        File.CreateSymbolicLink(link, demo);
        var linked = EdgemmfProcess.Run(Root, "generate", "--model", link, "--temperature", "0", "--max-tokens", "6", "Once upon a time");
        var direct = EdgemmfProcess.Run(Root, "generate", "--model", demo, "--temperature", "0", "--max-tokens", "6", "Once upon a time");
        Assert.AreEqual(0, linked.ExitCode, linked.Stderr);
        Assert.AreEqual(direct.Stdout, linked.Stdout);
    }

    [TestMethod]
    public void Info_ThreadsFarAboveTheCores_AreCappedWithAWarning()
    {
        var result = EdgemmfProcess.Run(Root, "info", "--threads", "10000");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, $"warning: --threads 10000 is more than the {Environment.ProcessorCount} logical CPUs here; using {Environment.ProcessorCount}.");
        StringAssert.Contains(result.Stdout, $"threads                     {Environment.ProcessorCount} (");
    }

    [TestMethod]
    public void Info_ZeroThreads_IsRefused()
    {
        var result = EdgemmfProcess.Run(Root, "info", "--threads", "0");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "--threads must be 1 or more");
    }
}

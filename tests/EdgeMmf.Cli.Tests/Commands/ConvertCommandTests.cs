using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeMmf.Cli.Tests.Commands;

/// <summary><c>convert</c>'s choice of ternary format: measured on this machine without --type, as asked with it.</summary>
[TestClass]
public sealed partial class ConvertCommandTests
{
    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"edgemmf-cli-{Guid.NewGuid():N}-{name}");

    [GeneratedRegex(@"^(tq1_0|tq2_0) decodes .*here \((?<path>[a-z0-9-]+), (?<threads>\d+) threads?\).*: writing (?<type>tq1_0|tq2_0); pass --type to choose$", RegexOptions.Multiline)]
    private static partial Regex ChoiceLine();

    private static string WeightTypeOf(string gguf)
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(),
            "bench", "--model", gguf, "--runs", "1", "--gen-tokens", "1", "--prompt-tokens", "1", "--probe-mib", "0", "--threads", "1", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("weight_type").GetString()!;
    }

    [TestMethod]
    public void Convert_WithoutType_SaysWhatItMeasuredAndWritesTheTypeItNamed()
    {
        string output = Temp("measured.gguf");
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "convert", "--random-shape", "tiny", "--out", output);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Match line = ChoiceLine().Match(result.Stdout);
        Assert.IsTrue(line.Success, result.Stdout);
        Assert.AreEqual(1, ChoiceLine().Count(result.Stdout), "one line");
        Assert.AreEqual(line.Groups["type"].Value, WeightTypeOf(output));
        StringAssert.Contains(result.Stdout, $"random tiny model, {line.Groups["type"].Value}");
    }

    [TestMethod]
    [DataRow("tq1_0")]
    [DataRow("tq2_0")]
    public void Convert_WithType_MeasuresNothingAndWritesIt(string type)
    {
        string output = Temp($"{type}.gguf");
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "convert", "--random-shape", "tiny", "--type", type, "--out", output);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.DoesNotContain("pass --type", result.Stdout);
        Assert.DoesNotContain("decodes", result.Stdout);
        Assert.AreEqual(type, WeightTypeOf(output));
    }

    [TestMethod]
    public void Convert_WithoutTypeFromABadCheckpoint_NamesTheFileBeforeMeasuring()
    {
        string directory = Temp("no-config");
        Directory.CreateDirectory(directory);
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "convert", "--from", directory, "--out", Temp("x.gguf"));
        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual("", result.Stdout);
        StringAssert.Contains(result.Stderr, directory);
    }
}

using System.Buffers.Binary;
using EdgeMmf.Runtime.Gguf;

namespace EdgeMmf.Cli.Tests.Commands;

/// <summary>The reproductions of issue 24, run as a user runs them: each ends in one clear error line or a correct result.</summary>
[TestClass]
public sealed class HostileInputTests
{
    private static string Root => EdgemmfProcess.RepositoryRoot;
    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"edgemmf-hostile-{Guid.NewGuid():N}-{name}");

    /// <summary>Exit 1 and exactly one stderr line, "edgemmf: error: ..." containing <paramref name="expected"/>.</summary>
    private static void AssertOneLineError(EdgemmfProcess.Result result, string expected)
    {
        Assert.AreEqual(1, result.ExitCode, result.Stderr);
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, result.Stderr);
        StringAssert.StartsWith(lines[0], "edgemmf: error: ");
        StringAssert.Contains(lines[0], expected);
    }

    [TestMethod]
    [DataRow("generate", "Hello")]
    [DataRow("chat", null)]
    public void MaxTokensBeyondTheLimit_IsRefusedUpFront(string command, string? prompt)
    {
        string[] arguments = prompt is null ? [command, "--max-tokens", "2147483647"] : [command, "--max-tokens", "2147483647", prompt];
        AssertOneLineError(EdgemmfProcess.Run(Root, "hi\n", TimeSpan.FromMinutes(1), arguments), "--max-tokens must be between 1 and 1048576, not 2147483647");
    }

    [TestMethod]
    [DataRow("--gen-tokens", "2147483647")]
    [DataRow("--prompt-tokens", "2147483647")]
    [DataRow("--probe-mib", "1000000000")]
    [DataRow("--runs", "0")]
    public void BenchSizesBeyondWhatTheRunCanHold_AreRefused(string option, string value) =>
        AssertOneLineError(EdgemmfProcess.Run(Root, "bench", "--shape", "tiny", option, value), $"{option} must be between");

    [TestMethod]
    public void KernelPathThisCpuCannotRun_IsOneLineError()
    {
        string unsupported = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
            == System.Runtime.InteropServices.Architecture.Arm64 ? "avx2" : "neon-dotprod";
        var result = EdgemmfProcess.Run(Root, null, TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["EDGEMMF_KERNEL"] = unsupported }, "generate", "--max-tokens", "2", "hi");
        AssertOneLineError(result, $"EDGEMMF_KERNEL={unsupported}: this CPU (or this binary's instruction set) cannot run that path");
    }

    [TestMethod]
    public void ChatTemplateThatIsNotAnObject_IsOneLineError()
    {
        string template = Temp("template.json");
        File.WriteAllText(template, "[]");
        AssertOneLineError(EdgemmfProcess.Run(Root, "hi\n", TimeSpan.FromMinutes(1), "chat", "--template", template), "holds a JSON array");
    }

    [TestMethod]
    public void ChatStateInAMissingFolder_IsRefusedBeforeTheFirstTurn()
    {
        string state = Path.Combine(Temp("missing"), "chat.state");
        var result = EdgemmfProcess.Run(Root, "hi\n", TimeSpan.FromMinutes(1), "chat", "--state", state, "--max-tokens", "4");
        AssertOneLineError(result, state);
        Assert.AreEqual("", result.Stdout, "no turn ran");
    }

    [TestMethod]
    public void ChatSaveToAnUnwritablePath_ReportsAndTheConversationGoesOn()
    {
        string bad = Path.Combine(Temp("missing"), "saved.state");
        var result = EdgemmfProcess.Run(Root, $"Hello there.\n/save {bad}\nWhat next?\n/stats\n", TimeSpan.FromMinutes(2),
            "chat", "--temperature", "0", "--max-tokens", "6");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, $"edgemmf: error: {bad}: cannot be written");
        StringAssert.Contains(result.Stderr, "[turns 2,", "the second turn ran after the failed save");
    }

    [TestMethod]
    public void ModelWithANaNNormGain_IsRefusedNamingTensorAndElement()
    {
        string demo = Path.Combine(Root, "models", "demo", "edgemmf-demo.gguf");
        byte[] bytes = File.ReadAllBytes(demo);
        GgufTensorInfo norm = GgufReader.Read(bytes, demo).Tensors.Single(t => t.Name == "model.norm.weight");
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)norm.FileOffset + 4 * 17), float.NaN);
        string damaged = Temp("nan.gguf");
        File.WriteAllBytes(damaged, bytes);
        AssertOneLineError(EdgemmfProcess.Run(Root, "generate", "--model", damaged, "-n", "4", "Hello"), "model.norm.weight: element 17 is NaN");
    }

    [TestMethod]
    public void GgufWithNoMetadataCount_IsOneLineWithoutControlBytes()
    {
        // kv_count = 0: the reader takes the first key's bytes for a tensor's, and its message quotes what it read.
        string demo = Path.Combine(Root, "models", "demo", "edgemmf-demo.gguf");
        byte[] bytes = File.ReadAllBytes(demo);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 0);
        string damaged = Temp("kv0.gguf");
        File.WriteAllBytes(damaged, bytes);
        var result = EdgemmfProcess.Run(Root, "info", "--model", damaged);
        AssertOneLineError(result, damaged);
        Assert.IsFalse(result.Stderr.TrimEnd('\n').Any(c => c < ' ' || c is >= '\u007f' and <= '\u009f'), result.Stderr);
    }

    [TestMethod]
    public void SensorsWithHostileLabelsAndANegativeReading_AreEscapedAndFlagged()
    {
        string hwmon = Temp("hwmon");
        Directory.CreateDirectory(Path.Combine(hwmon, "hwmon0"));
        void Write(string file, string content) => File.WriteAllText(Path.Combine(hwmon, "hwmon0", file), content + "\n");
        Write("name", "ina3221");
        Write("in1_label", "VDD\u001b[2J\"IN,\u009b31m");
        Write("in1_input", "5000");
        Write("curr1_input", "-800");
        Write("in1_enable", "1");
        var result = EdgemmfProcess.Run(Root, "sensors", "--hwmon-root", hwmon, "--powercap-root", Temp("no-powercap"), "--vcgencmd", Temp("no-vcgencmd"), "--readings", "1");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stdout, "VDD\\x1b[2J\"IN,\\x9b31m");
        Assert.IsFalse((result.Stdout + result.Stderr).Any(c => c is '\u001b' or '\u009b'), result.Stdout);
        StringAssert.Contains(result.Stdout, "implausible");
    }
}

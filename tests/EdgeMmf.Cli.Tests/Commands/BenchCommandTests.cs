using System.Text.Json;

namespace EdgeMmf.Cli.Tests.Commands;

[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    [DoNotParallelize] // the hand-off probe needs two free cores (see CoreHandoffProbeTests); other classes' edgemmf processes take them
    public void Bench_TinyShape_ReportsEveryFigureAndZeroAllocatedBytesPerToken()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(),
            "bench", "--shape", "tiny", "--runs", "2", "--gen-tokens", "48", "--prompt-tokens", "8", "--probe-mib", "16", "--threads", "2", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        using JsonDocument report = JsonDocument.Parse(result.Stdout);
        JsonElement r = report.RootElement;
        foreach (string figure in new[] { "prefill_tokens_per_s", "decode_tokens_per_s", "ms_per_token_p50", "ms_per_token_p99",
                     "time_to_first_token_ms", "weight_bytes_per_token", "effective_gb_per_s", "bandwidth_probe_gb_per_s", "peak_resident_bytes" })
            Assert.IsGreaterThan(0.0, r.GetProperty(figure).GetDouble(), figure);
        Assert.IsFalse(string.IsNullOrEmpty(r.GetProperty("kernel_path").GetString()));
        Assert.IsFalse(string.IsNullOrEmpty(r.GetProperty("kernel_reason").GetString()));
        Assert.IsFalse(string.IsNullOrEmpty(r.GetProperty("cores").GetString()));
        Assert.AreEqual(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            || Environment.GetEnvironmentVariable("EDGEMMF_CLI_LAUNCHER") == "qemu-aarch64" ? "arm64" : "x64", r.GetProperty("architecture").GetString());
        Assert.IsFalse(r.GetProperty("memory_only").GetBoolean());
        // The bound is the higher of the probes taken before and after the runs.
        double before = r.GetProperty("bandwidth_probe_before_gb_per_s").GetDouble(), after = r.GetProperty("bandwidth_probe_after_gb_per_s").GetDouble();
        Assert.IsGreaterThan(0.0, before);
        Assert.IsGreaterThan(0.0, after);
        Assert.AreEqual(Math.Max(before, after), r.GetProperty("bandwidth_probe_gb_per_s").GetDouble());
        double ratio = Math.Min(before, after) / Math.Max(before, after);
        bool steady = r.GetProperty("bandwidth_steady").GetBoolean();
        if (Math.Abs(ratio - 0.85) > 0.01) Assert.AreEqual(ratio >= 0.85, steady, $"probes {before} and {after}"); // away from rounding at the edge
        // A fresh process doing nothing else: the process-wide counter covers the kernel worker threads.
        Assert.AreEqual(0.0, r.GetProperty("allocated_bytes_per_token").GetDouble());
        // When a ping-pong pass outlasts the probe's 500 ms limit (under an emulator, or when other processes hold
        // the second core, as parallel test projects do) the probe leaves the fields out by design.
        if (Environment.ProcessorCount > 1)
            foreach (string handoff in new[] { "core_handoff_ns_before", "core_handoff_ns_after" })
            {
                if (!r.TryGetProperty(handoff, out _)) continue;
                double ns = r.GetProperty(handoff).GetDouble();
                Assert.IsTrue(ns > 0 && ns < 1e6, $"{handoff}: {ns} ns");
            }
    }

    [TestMethod]
    public void Bench_MemoryOnly_SaysSoAndStillReportsDecodeAgainstTheBound()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(),
            "bench", "--shape", "tiny", "--memory-only", "--runs", "1", "--gen-tokens", "8", "--prompt-tokens", "4", "--probe-mib", "16", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        JsonElement r = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.IsTrue(r.GetProperty("memory_only").GetBoolean());
        Assert.AreEqual("memory-only", r.GetProperty("kernel_path").GetString());
        Assert.IsGreaterThan(0.0, r.GetProperty("decode_tokens_per_s").GetDouble());
        Assert.IsGreaterThan(0.0, r.GetProperty("fraction_of_bandwidth_bound").GetDouble());
    }

    [TestMethod]
    public void Bench_OneThread_ReportsNoCoreHandoff()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(),
            "bench", "--shape", "tiny", "--threads", "1", "--runs", "1", "--gen-tokens", "8", "--prompt-tokens", "4", "--probe-mib", "0", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        JsonElement r = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.IsFalse(r.TryGetProperty("core_handoff_ns_before", out _), "one thread hands nothing to another");
        Assert.IsFalse(r.TryGetProperty("core_handoff_ns_after", out _));
    }

    [TestMethod]
    public void Bench_Tq1Type_StreamsFewerBytesForTheSameWeightsAndSaysWhichTypeRan()
    {
        JsonElement Run(string type)
        {
            var result = EdgemmfProcess.Run(Path.GetTempPath(),
                "bench", "--shape", "tiny", "--type", type, "--runs", "1", "--gen-tokens", "8", "--prompt-tokens", "4", "--probe-mib", "0", "--json");
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
            return JsonDocument.Parse(result.Stdout).RootElement.Clone();
        }
        JsonElement tq2 = Run("tq2_0"), tq1 = Run("tq1_0");
        Assert.AreEqual("tq2_0", tq2.GetProperty("weight_type").GetString());
        Assert.AreEqual("tq1_0", tq1.GetProperty("weight_type").GetString());
        long weights = tq2.GetProperty("ternary_weights_per_token").GetInt64();
        Assert.AreEqual(weights, tq1.GetProperty("ternary_weights_per_token").GetInt64());
        // Whole 256-weight blocks either way: 54 bytes against 66.
        Assert.AreEqual(tq2.GetProperty("weight_bytes_per_token").GetInt64() * 54, tq1.GetProperty("weight_bytes_per_token").GetInt64() * 66);
        // One MAC per weight per prompt token, whatever the block format.
        double expected = tq1.GetProperty("prefill_tokens_per_s").GetDouble() * weights / 1e9;
        Assert.AreEqual(expected, tq1.GetProperty("prefill_ternary_gmac_per_s").GetDouble(), 0.01 + expected * 1e-3);
    }

    [TestMethod]
    public void Bench_TraceCalls_WritesOneCsvLinePerProjectorCallAndSummarizesThem()
    {
        string file = Path.Combine(Path.GetTempPath(), $"edgemmf-trace-{Guid.NewGuid():N}.csv");
        try
        {
            var result = EdgemmfProcess.Run(Path.GetTempPath(),
                "bench", "--shape", "tiny", "--runs", "2", "--gen-tokens", "8", "--prompt-tokens", "4", "--probe-mib", "0", "--threads", "2",
                "--trace-calls", file, "--json");
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
            JsonElement trace = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("call_trace");
            string[] lines = File.ReadAllLines(file);
            int calls = trace.GetProperty("calls").GetInt32();
            Assert.IsGreaterThan(0, calls);
            Assert.AreEqual(0, trace.GetProperty("dropped").GetInt32());
            Assert.HasCount(calls + 1, lines);
            StringAssert.StartsWith(lines[0], "call,start_us,duration_us,rows,weight_bytes,homes,home0_start_us");
            // Each token makes the same calls: two runs of (one prefill + 8 decode steps) each.
            Assert.AreEqual(0, calls % (2 * 9));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void Bench_TraceCallsToAMissingFolder_FailsBeforeTheRuns()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "bench", "--shape", "tiny", "--probe-mib", "0", "--trace-calls", "/nonexistent-edgemmf/calls.csv");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "--trace-calls: cannot write '/nonexistent-edgemmf/calls.csv'");
    }

    [TestMethod]
    public void Bench_UnknownShape_IsAClearError()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "bench", "--shape", "7b", "--probe-mib", "0");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "370m, 1.3b, 2.7b");
    }

    [TestMethod]
    public void Bench_Formats_GivesBothFormatsPerPathAndThreadCount_ScalarOnlyWhereItIsTheDefault()
    {
        var result = EdgemmfProcess.Run(Path.GetTempPath(), "bench", "--formats", "--shape", "tiny", "--threads", "1,2", "--json");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        JsonElement r = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.AreEqual("random tiny", r.GetProperty("shape").GetString());
        Assert.IsGreaterThanOrEqualTo(64L << 20, r.GetProperty("set_bytes_tq1_0").GetInt64());
        Assert.AreEqual(r.GetProperty("set_bytes_tq1_0").GetInt64() * 66, r.GetProperty("set_bytes_tq2_0").GetInt64() * 54);
        string defaultPath = r.GetProperty("default_path").GetString()!;
        var paths = new List<string>();
        foreach (JsonElement row in r.GetProperty("formats").EnumerateArray())
        {
            string path = row.GetProperty("kernel_path").GetString()!;
            if (!paths.Contains(path)) paths.Add(path);
            foreach (string figure in new[] { "tq2_0_weights_per_s", "tq2_0_gb_per_s", "tq1_0_weights_per_s", "tq1_0_gb_per_s", "tq1_over_tq2" })
                Assert.IsGreaterThan(0.0, row.GetProperty(figure).GetDouble(), $"{path}: {figure}");
            double ratio = row.GetProperty("tq1_over_tq2").GetDouble();
            Assert.AreEqual(ratio >= 1 ? "tq1_0" : "tq2_0", row.GetProperty("faster").GetString(), path);
            Assert.AreEqual(ratio >= 1.05 ? "tq1_0" : "tq2_0", row.GetProperty("recommended").GetString(), path);
            Assert.AreEqual(0, row.GetProperty("allocated_bytes").GetInt64(), path);
        }
        Assert.AreEqual(paths.Count * 2, r.GetProperty("formats").GetArrayLength(), "one row per path and thread count");
        CollectionAssert.Contains(paths, defaultPath);
        Assert.AreEqual(defaultPath == "scalar", paths.Contains("scalar"));
    }
}

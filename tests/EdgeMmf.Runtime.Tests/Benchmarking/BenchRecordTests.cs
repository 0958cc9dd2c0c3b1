using System.Text.Json;
using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Diagnostics.Kernels;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

[TestClass]
public sealed class BenchRecordTests
{
    /// <summary>The names and order bench --json has always written: whatever reads its output depends on them.</summary>
    private static readonly string[] TopLevelNames =
    [
        "model", "kernel_path", "memory_only", "weight_type", "weights", "kernel_reason", "kernels_supported", "board", "cores",
        "architecture", "threads", "prompt_tokens", "gen_tokens", "runs", "prefill_tokens_per_s", "prefill_ternary_gmac_per_s",
        "decode_tokens_per_s", "ms_per_token_p50", "ms_per_token_p99", "time_to_first_token_ms", "weight_bytes_per_token",
        "ternary_weights_per_token", "effective_gb_per_s", "bandwidth_probe_gb_per_s", "bandwidth_probe_before_gb_per_s",
        "bandwidth_probe_after_gb_per_s", "bandwidth_steady", "bandwidth_bound_tokens_per_s", "fraction_of_bandwidth_bound",
        "core_handoff_ns_before", "core_handoff_ns_after", "allocated_bytes_per_token", "load_seconds", "resident_bytes_after_load",
        "peak_resident_bytes", "tokenizer_encode_mb_per_s", "tokenizer_decode_mb_per_s", "offload", "call_trace", "runs_detail",
    ];

    private static BenchRecord Record(bool optionals) => new()
    {
        Model = "m.gguf",
        KernelPath = "avx2",
        MemoryOnly = false,
        WeightType = "tq2_0",
        Weights = "huge-pages",
        KernelReason = "the CPU has AVX2 (a+b)",
        KernelsSupported = "kernel avx2",
        Board = optionals ? "Pi 5" : null,
        Cores = "4 x A76",
        Architecture = "arm64",
        Threads = 4,
        PromptTokens = 32,
        GenTokens = 64,
        Runs = 3,
        PrefillTokensPerSecond = 1000.25,
        PrefillTernaryGmacPerSecond = 29.5,
        DecodeTokensPerSecond = 700.5,
        MsPerTokenP50 = 1,
        MsPerTokenP99 = 2.5,
        TimeToFirstTokenMs = 4.75,
        WeightBytesPerToken = 7569408,
        TernaryWeightsPerToken = 29360128,
        EffectiveGbPerSecond = 5.3,
        BandwidthProbeGbPerSecond = 26.5,
        BandwidthProbeBeforeGbPerSecond = 26.5,
        BandwidthProbeAfterGbPerSecond = 22.9,
        BandwidthSteady = true,
        BandwidthBoundTokensPerSecond = 3501.2,
        FractionOfBandwidthBound = 0.2,
        CoreHandoffNsBefore = optionals ? 259.5 : null,
        CoreHandoffNsAfter = optionals ? 220 : null,
        AllocatedBytesPerToken = 0,
        LoadSeconds = 0.089,
        ResidentBytesAfterLoad = 53137408,
        PeakResidentBytes = 63086592,
        TokenizerEncodeMbPerSecond = optionals ? 6.3 : null,
        TokenizerDecodeMbPerSecond = optionals ? 83.3 : null,
        Offload = optionals
            ? new BenchRecord.OffloadFigures
            {
                Bridge = "sim",
                ResidentMatrices = 96,
                ResidentBytes = 1 << 20,
                MatricesKeptOnCpu = 1,
                LinkBytesSentPerToken = 1024.5,
                LinkBytesReceivedPerToken = 2048,
                LinkMsPerToken = 0.125,
                DeviceMsPerToken = 0.25,
                ExchangesPerToken = 25,
                Retries = 2,
                FellBackToCpu = false,
            }
            : null,
        CallTrace = optionals ? BenchRecord.CallTraceFigures.Of("calls.csv", 594, 3, new ProjectionTrace.Summary(590, 21.81234, 1617.07, 0.26049, 0.98761)) : null,
        RunsDetail =
        [
            BenchRecord.RunFigures.Of(new DecodeRun(829.954, 721.8649, 1.09549, 2.6381, 4.8249, 0.5)),
        ],
    };

    private static List<string> Names(JsonElement o)
    {
        var names = new List<string>();
        foreach (JsonProperty p in o.EnumerateObject()) names.Add(p.Name);
        return names;
    }

    [TestMethod]
    public void ToJson_EveryFigure_WritesBenchsNamesInOrderWithTheirValues()
    {
        string json = Record(optionals: true).ToJson();

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement r = document.RootElement;
        CollectionAssert.AreEqual(TopLevelNames, Names(r));
        StringAssert.Contains(json, "\n  \"model\": \"m.gguf\",", "indented, two spaces");
        StringAssert.Contains(json, "(a\\u002Bb)", "escaped as Utf8JsonWriter escapes");
        StringAssert.Contains(json, "\"ms_per_token_p50\": 1,", "numbers as the writer formats them");
        Assert.AreEqual(259.5, r.GetProperty("core_handoff_ns_before").GetDouble());
        Assert.AreEqual(29360128, r.GetProperty("ternary_weights_per_token").GetInt64());
        CollectionAssert.AreEqual(
            new[] { "bridge", "resident_matrices", "resident_bytes", "matrices_kept_on_cpu", "link_bytes_sent_per_token", "link_bytes_received_per_token",
                "link_ms_per_token", "device_ms_per_token", "exchanges_per_token", "retries", "fell_back_to_cpu" },
            Names(r.GetProperty("offload")));
        JsonElement trace = r.GetProperty("call_trace");
        CollectionAssert.AreEqual(
            new[] { "file", "calls", "dropped", "split_calls", "median_call_us", "median_worker_start_us", "median_join_us", "calls_without_worker_fraction" },
            Names(trace));
        Assert.AreEqual(590, trace.GetProperty("split_calls").GetInt32());
        Assert.AreEqual(21.812, trace.GetProperty("median_call_us").GetDouble());
        Assert.AreEqual(0.9876, trace.GetProperty("calls_without_worker_fraction").GetDouble());
        JsonElement run = r.GetProperty("runs_detail")[0];
        CollectionAssert.AreEqual(
            new[] { "prefill_tokens_per_s", "decode_tokens_per_s", "ms_per_token_p50", "ms_per_token_p99", "time_to_first_token_ms", "allocated_bytes_per_token" },
            Names(run));
        Assert.AreEqual(721.86, run.GetProperty("decode_tokens_per_s").GetDouble());
        Assert.AreEqual(1.095, run.GetProperty("ms_per_token_p50").GetDouble());
        Assert.AreEqual(0.5, run.GetProperty("allocated_bytes_per_token").GetDouble(), "not rounded");
    }

    [TestMethod]
    public void ToJson_MissingFigures_AreLeftOutNotWrittenAsNull()
    {
        string json = Record(optionals: false).ToJson();

        Assert.IsFalse(json.Contains("null", StringComparison.Ordinal), json);
        var expected = new List<string>(TopLevelNames);
        foreach (string absent in new[] { "board", "core_handoff_ns_before", "core_handoff_ns_after", "tokenizer_encode_mb_per_s", "tokenizer_decode_mb_per_s", "offload", "call_trace" })
            expected.Remove(absent);
        using JsonDocument document = JsonDocument.Parse(json);
        CollectionAssert.AreEqual(expected, Names(document.RootElement));
    }
}

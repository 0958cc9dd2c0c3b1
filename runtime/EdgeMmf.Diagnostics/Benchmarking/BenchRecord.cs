using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// What <c>edgemmf bench --json</c> prints for one thread count: the figures as they are written, rounded, the
/// names bench has always written, through source-generated serialization (<see cref="BenchJsonContext"/>: no
/// reflection, AOT-clean). Optional figures are left out when null: a probe that gave no reading, a run without
/// a tokenizer, offload or call trace.
/// </summary>
public sealed class BenchRecord
{
    /// <summary>The model file, or "random SHAPE".</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }
    /// <summary>The kernel path's name, or "memory-only".</summary>
    [JsonPropertyName("kernel_path")]
    public required string KernelPath { get; init; }
    /// <summary>The arithmetic was skipped (<c>--memory-only</c>).</summary>
    [JsonPropertyName("memory_only")]
    public required bool MemoryOnly { get; init; }
    /// <summary>The ternary block format, e.g. "tq2_0".</summary>
    [JsonPropertyName("weight_type")]
    public required string WeightType { get; init; }
    /// <summary>Where the weights live, e.g. "huge-pages".</summary>
    [JsonPropertyName("weights")]
    public required string Weights { get; init; }
    /// <summary>Why the kernel path was chosen.</summary>
    [JsonPropertyName("kernel_reason")]
    public required string KernelReason { get; init; }
    /// <summary>The paths this CPU supports.</summary>
    [JsonPropertyName("kernels_supported")]
    public required string KernelsSupported { get; init; }
    /// <summary>The board's model, where the machine names one.</summary>
    [JsonPropertyName("board")]
    public string? Board { get; init; }
    /// <summary>The cores, e.g. "2 x Intel(R) Xeon(R) Processor".</summary>
    [JsonPropertyName("cores")]
    public required string Cores { get; init; }
    /// <summary>The process architecture, e.g. "x64".</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }
    /// <summary>Projector threads, the caller included.</summary>
    [JsonPropertyName("threads")]
    public required int Threads { get; init; }
    /// <summary>Prompt length per run.</summary>
    [JsonPropertyName("prompt_tokens")]
    public required int PromptTokens { get; init; }
    /// <summary>Tokens decoded per run.</summary>
    [JsonPropertyName("gen_tokens")]
    public required int GenTokens { get; init; }
    /// <summary>Measured runs (medians over them).</summary>
    [JsonPropertyName("runs")]
    public required int Runs { get; init; }
    /// <summary>Median prefill speed.</summary>
    [JsonPropertyName("prefill_tokens_per_s")]
    public required double PrefillTokensPerSecond { get; init; }
    /// <summary>Median prefill speed in ternary multiply-accumulates (10^9/s).</summary>
    [JsonPropertyName("prefill_ternary_gmac_per_s")]
    public required double PrefillTernaryGmacPerSecond { get; init; }
    /// <summary>Median decode speed.</summary>
    [JsonPropertyName("decode_tokens_per_s")]
    public required double DecodeTokensPerSecond { get; init; }
    /// <summary>Median of the runs' median token times.</summary>
    [JsonPropertyName("ms_per_token_p50")]
    public required double MsPerTokenP50 { get; init; }
    /// <summary>Median of the runs' 99th-percentile token times.</summary>
    [JsonPropertyName("ms_per_token_p99")]
    public required double MsPerTokenP99 { get; init; }
    /// <summary>Median time to the first token.</summary>
    [JsonPropertyName("time_to_first_token_ms")]
    public required double TimeToFirstTokenMs { get; init; }
    /// <summary>Packed weight bytes one token reads.</summary>
    [JsonPropertyName("weight_bytes_per_token")]
    public required long WeightBytesPerToken { get; init; }
    /// <summary>Ternary weights one token multiplies.</summary>
    [JsonPropertyName("ternary_weights_per_token")]
    public required long TernaryWeightsPerToken { get; init; }
    /// <summary>Decode speed times weight bytes per token (10^9 bytes/s).</summary>
    [JsonPropertyName("effective_gb_per_s")]
    public required double EffectiveGbPerSecond { get; init; }
    /// <summary>The higher of the two bandwidth probes (10^9 bytes/s; 0 when skipped).</summary>
    [JsonPropertyName("bandwidth_probe_gb_per_s")]
    public required double BandwidthProbeGbPerSecond { get; init; }
    /// <summary>The probe before the runs.</summary>
    [JsonPropertyName("bandwidth_probe_before_gb_per_s")]
    public required double BandwidthProbeBeforeGbPerSecond { get; init; }
    /// <summary>The probe after the runs.</summary>
    [JsonPropertyName("bandwidth_probe_after_gb_per_s")]
    public required double BandwidthProbeAfterGbPerSecond { get; init; }
    /// <summary>The two probes agree within 15%.</summary>
    [JsonPropertyName("bandwidth_steady")]
    public required bool BandwidthSteady { get; init; }
    /// <summary>Decode speed the bandwidth would allow if weight reads were all a token cost.</summary>
    [JsonPropertyName("bandwidth_bound_tokens_per_s")]
    public required double BandwidthBoundTokensPerSecond { get; init; }
    /// <summary>Decode speed over that bound (0 without a probe).</summary>
    [JsonPropertyName("fraction_of_bandwidth_bound")]
    public required double FractionOfBandwidthBound { get; init; }
    /// <summary>One cache line's hand-off between two cores before the runs, where the probe gave a reading.</summary>
    [JsonPropertyName("core_handoff_ns_before")]
    public double? CoreHandoffNsBefore { get; init; }
    /// <summary>The same after the runs.</summary>
    [JsonPropertyName("core_handoff_ns_after")]
    public double? CoreHandoffNsAfter { get; init; }
    /// <summary>Median bytes allocated per token, all threads.</summary>
    [JsonPropertyName("allocated_bytes_per_token")]
    public required double AllocatedBytesPerToken { get; init; }
    /// <summary>Seconds to load or build the model.</summary>
    [JsonPropertyName("load_seconds")]
    public required double LoadSeconds { get; init; }
    /// <summary>Resident bytes right after loading.</summary>
    [JsonPropertyName("resident_bytes_after_load")]
    public required long ResidentBytesAfterLoad { get; init; }
    /// <summary>Peak resident bytes through the runs.</summary>
    [JsonPropertyName("peak_resident_bytes")]
    public required long PeakResidentBytes { get; init; }
    /// <summary>Tokenizer encode speed (10^6 bytes/s), where a tokenizer was found.</summary>
    [JsonPropertyName("tokenizer_encode_mb_per_s")]
    public double? TokenizerEncodeMbPerSecond { get; init; }
    /// <summary>Tokenizer decode speed (10^6 bytes/s).</summary>
    [JsonPropertyName("tokenizer_decode_mb_per_s")]
    public double? TokenizerDecodeMbPerSecond { get; init; }
    /// <summary>The FPGA offload's residency and link costs, for a run with offload.</summary>
    [JsonPropertyName("offload")]
    public OffloadFigures? Offload { get; init; }
    /// <summary>The <c>--trace-calls</c> file and its medians.</summary>
    [JsonPropertyName("call_trace")]
    public CallTraceFigures? CallTrace { get; init; }
    /// <summary>Each measured run.</summary>
    [JsonPropertyName("runs_detail")]
    public required IReadOnlyList<RunFigures> RunsDetail { get; init; }

    /// <summary>This record as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BenchJsonContext.Default.BenchRecord);

    /// <summary>One measured run (<see cref="DecodeRun"/>), rounded.</summary>
    public sealed class RunFigures
    {
        /// <summary>Prefill speed.</summary>
        [JsonPropertyName("prefill_tokens_per_s")]
        public required double PrefillTokensPerSecond { get; init; }
        /// <summary>Decode speed.</summary>
        [JsonPropertyName("decode_tokens_per_s")]
        public required double DecodeTokensPerSecond { get; init; }
        /// <summary>Median token time.</summary>
        [JsonPropertyName("ms_per_token_p50")]
        public required double MsPerTokenP50 { get; init; }
        /// <summary>99th-percentile token time.</summary>
        [JsonPropertyName("ms_per_token_p99")]
        public required double MsPerTokenP99 { get; init; }
        /// <summary>Time to the first token.</summary>
        [JsonPropertyName("time_to_first_token_ms")]
        public required double TimeToFirstTokenMs { get; init; }
        /// <summary>Bytes allocated per token, all threads (not rounded).</summary>
        [JsonPropertyName("allocated_bytes_per_token")]
        public required double AllocatedBytesPerToken { get; init; }

        /// <summary>The figures of <paramref name="run"/>, rounded as bench prints them.</summary>
        public static RunFigures Of(DecodeRun run) => new()
        {
            PrefillTokensPerSecond = Math.Round(run.PrefillTokensPerSecond, 2),
            DecodeTokensPerSecond = Math.Round(run.DecodeTokensPerSecond, 2),
            MsPerTokenP50 = Math.Round(run.MedianTokenMilliseconds, 3),
            MsPerTokenP99 = Math.Round(run.P99TokenMilliseconds, 3),
            TimeToFirstTokenMs = Math.Round(run.TimeToFirstTokenMilliseconds, 2),
            AllocatedBytesPerToken = run.AllocatedBytesPerToken,
        };
    }

    /// <summary>The "offload" object: what is resident on the device and what the link cost per token.</summary>
    public sealed class OffloadFigures
    {
        /// <summary>The bridge's description.</summary>
        [JsonPropertyName("bridge")]
        public required string Bridge { get; init; }
        /// <summary>Matrices resident on the device.</summary>
        [JsonPropertyName("resident_matrices")]
        public required int ResidentMatrices { get; init; }
        /// <summary>Their bytes.</summary>
        [JsonPropertyName("resident_bytes")]
        public required long ResidentBytes { get; init; }
        /// <summary>Matrices that did not fit and stayed on the CPU.</summary>
        [JsonPropertyName("matrices_kept_on_cpu")]
        public required int MatricesKeptOnCpu { get; init; }
        /// <summary>Bytes sent over the link per token.</summary>
        [JsonPropertyName("link_bytes_sent_per_token")]
        public required double LinkBytesSentPerToken { get; init; }
        /// <summary>Bytes received per token.</summary>
        [JsonPropertyName("link_bytes_received_per_token")]
        public required double LinkBytesReceivedPerToken { get; init; }
        /// <summary>Link time per token.</summary>
        [JsonPropertyName("link_ms_per_token")]
        public required double LinkMsPerToken { get; init; }
        /// <summary>Device time per token.</summary>
        [JsonPropertyName("device_ms_per_token")]
        public required double DeviceMsPerToken { get; init; }
        /// <summary>Exchanges per token.</summary>
        [JsonPropertyName("exchanges_per_token")]
        public required double ExchangesPerToken { get; init; }
        /// <summary>Retried exchanges over the runs.</summary>
        [JsonPropertyName("retries")]
        public required long Retries { get; init; }
        /// <summary>The device failed and the CPU took over.</summary>
        [JsonPropertyName("fell_back_to_cpu")]
        public required bool FellBackToCpu { get; init; }
    }

    /// <summary>The "call_trace" object (<see cref="Kernels.ProjectionTrace.Summary"/>), rounded.</summary>
    public sealed class CallTraceFigures
    {
        /// <summary>The CSV file written.</summary>
        [JsonPropertyName("file")]
        public required string File { get; init; }
        /// <summary>Calls recorded.</summary>
        [JsonPropertyName("calls")]
        public required int Calls { get; init; }
        /// <summary>Calls past the trace's capacity.</summary>
        [JsonPropertyName("dropped")]
        public required long Dropped { get; init; }
        /// <summary>Recorded calls split between threads.</summary>
        [JsonPropertyName("split_calls")]
        public required int SplitCalls { get; init; }
        /// <summary>Median call time.</summary>
        [JsonPropertyName("median_call_us")]
        public required double MedianCallUs { get; init; }
        /// <summary>Median time from a call's start to its first worker's start.</summary>
        [JsonPropertyName("median_worker_start_us")]
        public required double MedianWorkerStartUs { get; init; }
        /// <summary>Median join: the call's return after its last share ran out.</summary>
        [JsonPropertyName("median_join_us")]
        public required double MedianJoinUs { get; init; }
        /// <summary>Split calls that ran a share on the caller because its worker had not come.</summary>
        [JsonPropertyName("calls_without_worker_fraction")]
        public required double CallsWithoutWorkerFraction { get; init; }

        /// <summary>The figures of a trace written to <paramref name="file"/>, rounded as bench prints them.</summary>
        public static CallTraceFigures Of(string file, int calls, long dropped, Kernels.ProjectionTrace.Summary summary) => new()
        {
            File = file,
            Calls = calls,
            Dropped = dropped,
            SplitCalls = summary.Calls,
            MedianCallUs = Math.Round(summary.CallMicroseconds, 3),
            MedianWorkerStartUs = Math.Round(summary.WorkerStartMicroseconds, 3),
            MedianJoinUs = Math.Round(summary.JoinMicroseconds, 3),
            CallsWithoutWorkerFraction = Math.Round(summary.CallsWithoutWorkerFraction, 4),
        };
    }
}

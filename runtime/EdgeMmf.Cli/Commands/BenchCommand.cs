using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Diagnostics.Kernels;
using EdgeMmf.Diagnostics.Threading;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf bench</c>: speed and memory of the token loop, on a model file or on a random model of a
/// published shape, with a memory-bandwidth probe in the same run so decode speed reads as a fraction
/// of the machine's limit. Speed targets live here, not in timed unit tests.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        model.Description = "A model to measure; default: a random-weight model of --shape.";
        var shape = new Option<string>("--shape") { Description = "Published shape for a random-weight model: 370m, 1.3b, 2.7b or tiny.", DefaultValueFactory = _ => "370m" };
        Option<string> type = ModelOptions.TernaryType("Ternary block format of the random-weight model: tq2_0 or tq1_0 (as convert --type; a --model file keeps its own).");
        var threads = new Option<string>("--threads", "-t")
        {
            Description = "Worker threads for the ternary kernels (default: physical cores); a list such as 1,2,4,8 sweeps them in one run and prints one table.",
            DefaultValueFactory = _ => ProcessorTopology.PhysicalCores().ToString(CultureInfo.InvariantCulture),
        };
        var ggml = new Option<string?>("--ggml") { Description = $"A folder with ggml's CPU libraries (the benchmark project's build output, or LLamaSharp.Backend.Cpu's runtimes/linux-x64/native): measure ggml's TQ2_0 decode of the same shape beside EdgeMmf's at each --threads count (default: ${GgmlLibrary.DirectoryVariable})." };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length for prefill and time to first token.", DefaultValueFactory = _ => 32 };
        var genTokens = new Option<int>("--gen-tokens") { Description = "Tokens decoded per run.", DefaultValueFactory = _ => 64 };
        var runs = new Option<int>("--runs") { Description = "Measured runs after one warm-up; medians are reported.", DefaultValueFactory = _ => 3 };
        var probeMiB = new Option<int>("--probe-mib") { Description = "Buffer for the bandwidth probe in MiB (0 skips it).", DefaultValueFactory = _ => 1024 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var traceCalls = new Option<string?>("--trace-calls") { Description = "Write every projector call of the measured runs to this CSV file: when each thread started and finished its share, on which CPU (a diagnosis of threading, see docs/performance.md)." };
        var memoryOnly = new Option<bool>("--memory-only") { Description = "Read the weights but skip the int8 x ternary arithmetic (meaningless outputs): what decode would reach through the same calls, threads and serial steps if the kernels cost nothing (see docs/performance.md)." };
        var formats = new Option<bool>("--formats") { Description = "Instead of the token loop: decode projections of --shape (or --model's shape) in tq2_0 and in tq1_0 over the same weights, alternated, for every kernel path this CPU runs and each --threads count; which format is faster where (docs/performance.md)." };
        var offloadOptions = new OffloadOptionSet();
        var command = new Command("bench", "Measure prefill and decode speed, latency, bytes streamed per token, allocation and memory against this machine's bandwidth.")
        {
            model, shape, type, threads, promptTokens, genTokens, runs, probeMiB, json, traceCalls, memoryOnly, ggml, formats,
        };
        offloadOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            // Ranges the runs can hold: token counts as generate's, runs bounded so the report stays readable,
            // and a probe buffer of at most half the memory this process may use. Threads above the CPUs are capped.
            int[] threadCounts = ThreadList.Parse(result.GetValue(threads)!, Environment.ProcessorCount, out IReadOnlyList<int> capped);
            foreach (int over in capped)
                Console.Error.WriteLine($"edgemmf: warning: --threads {over} is more than the {Environment.ProcessorCount} logical CPUs here; using {Environment.ProcessorCount}.");
            int runCount = ModelOptions.InRange("--runs", result.GetValue(runs), 1, MaxRuns);
            int prompt = ModelOptions.InRange("--prompt-tokens", result.GetValue(promptTokens), 1, TextGenerator.MaxTokensLimit);
            int generate = ModelOptions.InRange("--gen-tokens", result.GetValue(genTokens), 1, TextGenerator.MaxTokensLimit);
            int probe = result.GetValue(probeMiB);
            if (probe != 0) ModelOptions.InRange("--probe-mib", probe, 1, MaxProbeMiB);
            var settings = new BenchSettings(result.GetValue(model), result.GetValue(shape)!, threadCounts[0], runCount, prompt, generate, probe,
                result.GetValue(memoryOnly), result.GetValue(json), result.GetValue(traceCalls));

            if (result.GetValue(formats))
                return RunFormatComparison(settings, threadCounts, ModelOptions.LoadOptions(result.GetValue(ModelOptions.StrictConfig)));
            long loadStart = Stopwatch.GetTimestamp();
            TernaryFormat format = ModelOptions.TernaryFormatOf(result.GetValue(type)!);
            using HgrnBitModel m = settings.ModelPath is null
                ? LookupTileArena.ForKernel(RandomModel.Create(RandomModel.Shape(settings.ShapeName), 1, format, WeightPlacements.Default), KernelSelector.Default)
                : ModelFiles.Load(ModelLocator.Resolve(settings.ModelPath), WeightPlacements.Default, ModelOptions.LoadOptions(result.GetValue(ModelOptions.StrictConfig)));
            double loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
            GgmlLibrary? ggmlLibrary = GgmlLibrary.TryLoadConfigured(result.GetValue(ggml), out string? ggmlProblem);
            if (ggmlProblem is not null) throw new ArgumentException($"--ggml: {ggmlProblem}");
            if (threadCounts.Length > 1 || ggmlLibrary is not null)
            {
                if (settings.TracePath is not null || result.GetValue(offloadOptions.Offload) is not null || result.GetValue(offloadOptions.Bridge) is not null)
                    throw new ArgumentException("--threads with several counts or --ggml: a sweep takes neither --trace-calls nor an offload option; run those with one count.");
                return RunSweep(m, settings, threadCounts, ggmlLibrary);
            }
            return RunOne(m, settings, loadSeconds, () => offloadOptions.Connect(result, m.Config));
        }));
        return command;
    }

    /// <summary>What one bench run measures, read from the command line and checked.</summary>
    private sealed record BenchSettings(string? ModelPath, string ShapeName, int Threads, int Runs, int PromptTokens, int GenTokens, int ProbeMiB,
        bool MemoryOnly, bool Json, string? TracePath)
    {
        /// <summary>What the report calls the model: its path, or the random model's shape.</summary>
        public string ModelName => ModelPath ?? $"random {ShapeName}";
    }

    /// <summary>TQ2_0 against TQ1_0 decode over the same weights, per kernel path and thread count (<c>--formats</c>).</summary>
    private static int RunFormatComparison(BenchSettings s, int[] threadCounts, ModelLoadOptions loadOptions)
    {
        HgrnBitConfig config;
        if (s.ModelPath is null) config = RandomModel.Shape(s.ShapeName);
        else using (HgrnBitModel loaded = ModelFiles.Load(ModelLocator.Resolve(s.ModelPath), WeightPlacement.Mapped, loadOptions)) config = loaded.Config;
        var comparison = FormatComparisonReport.Measure(config, s.ModelName, threadCounts);
        if (s.Json) Console.Out.WriteLine(comparison.ToJson());
        else comparison.WriteTable(Console.Out);
        return 0;
    }

    /// <summary>Decode speed at each of several thread counts (and ggml's beside it), as one table or JSON object.</summary>
    private static int RunSweep(HgrnBitModel m, BenchSettings s, int[] threadCounts, GgmlLibrary? ggmlLibrary)
    {
        using GgmlPeer? peer = ggmlLibrary is null ? null : GgmlPeer.Create(ggmlLibrary, m.Config, 1);
        ThreadSweepRow[] rows = ThreadSweep.Run(m, threadCounts, s.MemoryOnly, s.PromptTokens, s.GenTokens, s.Runs, s.ProbeMiB, peer);
        var sweep = new ThreadSweepReport(s.ModelName, s.MemoryOnly ? MemoryOnlyKernel.Name : KernelSelector.Default.Name, m.TernaryTypeName, s.PromptTokens, s.GenTokens, s.Runs, peer?.Variant, rows);
        if (s.Json) Console.Out.WriteLine(sweep.ToJson());
        else sweep.WriteTable(Console.Out);
        return 0;
    }

    /// <summary>
    /// The full report at one thread count: warm-up, bandwidth and hand-off probes around the measured runs (traced
    /// with <c>--trace-calls</c>), memory, and the tokenizer's speed.
    /// </summary>
    /// <param name="connectOffload">Connects the <c>--offload</c> device, if any, once the resident memory after the load is read.</param>
    private static int RunOne(HgrnBitModel m, BenchSettings s, double loadSeconds, Func<FpgaProjectionOffload?> connectOffload)
    {
        long residentAfterLoad = ProcessMemory.ResidentBytes();
        using var projector = s.MemoryOnly
            ? new TernaryProjector(s.Threads, MemoryOnlyKernel.Create(KernelSelector.Default))
            : new TernaryProjector(s.Threads);
        using FpgaProjectionOffload? offload = connectOffload();
        var forward = new FastForward(m, projector, offload);
        if (offload is not null) OffloadOptionSet.AnnounceFallback(forward, Console.Error);

        WarmUp(forward, s);
        // The token loop allocates nothing and the warm-up has touched every weight page, so the peak so far
        // is the peak of the runs; read it before the probe's buffer counts.
        long peakResident = ProcessMemory.PeakResidentBytes();
        // Probe before and after the runs: a shared host's bandwidth drifts over minutes, and the higher
        // reading is the stricter bound to quote decode against.
        double bandwidthBefore = s.ProbeMiB > 0 ? Probe(s.Threads, s.ProbeMiB) : 0;
        // What one hand-off between two cores costs now: with the bandwidth, it tells which state a shared host is in.
        double handoffBefore = s.Threads > 1 ? CoreHandoffProbe.Measure() : double.NaN;
        LinkStatistics linkBefore = offload?.Client.Statistics ?? default;
        DecodeRun[] measured = MeasureRuns(forward, projector, s, m.Config.NumHiddenLayers, out CallTraceReport? traceReport);
        LinkStatistics link = offload?.Client.Statistics.Since(linkBefore) ?? default;
        int tokensMeasured = s.Runs * (s.PromptTokens + s.GenTokens);

        double bandwidthAfter = s.ProbeMiB > 0 ? Probe(s.Threads, s.ProbeMiB) : 0;
        double handoffAfter = s.Threads > 1 ? CoreHandoffProbe.Measure() : double.NaN;
        var report = new BenchReport(s.ModelName, projector.KernelPath, MemoryOnlyKernel.IsMemoryOnly(projector.Kernel), m.TernaryTypeName, WeightPlacements.Describe(m), s.Threads, s.PromptTokens, s.GenTokens, s.Runs,
            m.PackedWeightBytesPerToken, m.TernaryWeightsPerToken, bandwidthBefore, bandwidthAfter, handoffBefore, handoffAfter, loadSeconds, residentAfterLoad, peakResident, measured, offload, link, tokensMeasured,
            MeasureTokenizer(s.ModelPath), traceReport);
        if (s.Json) Console.Out.WriteLine(report.ToJson());
        else report.WriteTable(Console.Out);
        return 0;
    }

    /// <summary>
    /// Warm-up: pool, caches and code. Under the JIT, tiered compilation goes on recompiling hot methods on a
    /// background thread for about a second after they first run, and that thread takes a core from the token
    /// loop (bench --trace-calls: a third of the first run's calls lost their worker). Warm up until it is done;
    /// a NativeAOT binary has nothing to compile.
    /// </summary>
    private static void WarmUp(FastForward forward, BenchSettings s)
    {
        long warmUpStart = Stopwatch.GetTimestamp();
        do DecodeBenchmark.Run(forward, s.PromptTokens, Math.Min(s.GenTokens, 16), 7);
        while (RuntimeFeature.IsDynamicCodeCompiled && Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds < WarmUpSeconds);
    }

    /// <summary>The measured runs; with <c>--trace-calls</c>, every projector call of them goes to the CSV file.</summary>
    private static DecodeRun[] MeasureRuns(FastForward forward, TernaryProjector projector, BenchSettings s, int layers, out CallTraceReport? traceReport)
    {
        var measured = new DecodeRun[s.Runs];
        using StreamWriter? traceWriter = s.TracePath is null ? null : OpenTraceFile(s.TracePath); // a bad path fails before the runs
        // At most 4 calls per layer and one for lm_head per token (prefill batches tokens, so this is a ceiling),
        // and at most a million calls (64 bytes per thread each); the trace counts what it had to leave out.
        long traceCapacity = (long)s.Runs * (s.PromptTokens + s.GenTokens) * (4 * layers + 1);
        using ProjectionTrace? trace = s.TracePath is null ? null : new ProjectionTrace((int)Math.Min(traceCapacity, 1_000_000), s.Threads);
        projector.Observer = trace;
        for (int r = 0; r < s.Runs; r++) measured[r] = DecodeBenchmark.Run(forward, s.PromptTokens, s.GenTokens, (ulong)(100 + r));
        projector.Observer = null;
        traceReport = null;
        if (trace is not null)
        {
            trace.WriteCsv(traceWriter!);
            traceWriter!.Flush();
            traceReport = new CallTraceReport(s.TracePath!, trace.Count, trace.Dropped, trace.Summarize());
        }
        return measured;
    }

    /// <summary>Encode and decode speed of the model's tokenizer (the demo's for a random model), or null where there is none.</summary>
    private static (double Encode, double Decode)? MeasureTokenizer(string? modelPath)
    {
        string? tokenizerSource = modelPath is not null ? ModelLocator.Resolve(modelPath) : ModelLocator.FindDemo();
        if (tokenizerSource is null) return null;
        try { return TokenizerThroughput.Measure(ModelTokenizer.Load(tokenizerSource)); }
        catch (Exception e) when (e is Runtime.Tokenization.TokenizerFormatException or IOException) { return null; }
    }

    private const int MaxRuns = 1000;

    /// <summary>Half of the memory this process may use (the machine's, or its container's limit), in MiB.</summary>
    private static int MaxProbeMiB => (int)Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 >> 20, 1, int.MaxValue);

    /// <summary>How long a JIT-compiled bench decodes before it measures (see the warm-up in the action).</summary>
    private const double WarmUpSeconds = 1.5;

    private sealed record BenchReport(string Model, string KernelPath, bool MemoryOnly, string WeightType, string Weights, int Threads, int PromptTokens, int GenTokens, int Runs,
        long WeightBytesPerToken, long WeightsPerToken, double BandwidthBeforeGBps, double BandwidthAfterGBps, double HandoffBeforeNs, double HandoffAfterNs, double LoadSeconds, long ResidentAfterLoad, long PeakResident, DecodeRun[] Measured,
        FpgaProjectionOffload? Offload, LinkStatistics Link, int TokensMeasured, (double Encode, double Decode)? TokenizerMBps, CallTraceReport? Trace)
    {
        private double Median(Func<DecodeRun, double> metric)
        {
            var values = new double[Measured.Length];
            for (int k = 0; k < values.Length; k++) values[k] = metric(Measured[k]);
            Array.Sort(values);
            return values[values.Length / 2];
        }

        /// <summary>The higher of the two probes around the runs: the stricter bound.</summary>
        private double BandwidthGBps => Math.Max(BandwidthBeforeGBps, BandwidthAfterGBps);

        /// <summary>
        /// The probes before and after the runs agree within 15%. On a shared host (a cloud VM) the bandwidth can
        /// jump while the runs go on, and then the fraction of the bound says little about the runs themselves.
        /// </summary>
        private bool BandwidthSteady => BandwidthGBps <= 0 || Math.Min(BandwidthBeforeGBps, BandwidthAfterGBps) >= 0.85 * BandwidthGBps;
        private double Decode => Median(r => r.DecodeTokensPerSecond);
        private double EffectiveGBps => Decode * WeightBytesPerToken / 1e9;
        private double BoundTokensPerSecond => BandwidthGBps > 0 ? BandwidthGBps * 1e9 / WeightBytesPerToken : 0;

        private static string Nanoseconds(double ns) => double.IsFinite(ns) ? ns.ToString("F0", CultureInfo.InvariantCulture) : "n/a";

        /// <summary>The report as bench's JSON object (<see cref="BenchRecord"/>), rounded as it has always been written.</summary>
        public string ToJson()
        {
            Runtime.Platform.BoardInfo board = Runtime.Platform.BoardInfo.Current;
            var runs = new BenchRecord.RunFigures[Measured.Length];
            for (int k = 0; k < runs.Length; k++) runs[k] = BenchRecord.RunFigures.Of(Measured[k]);
            return new BenchRecord
            {
                Model = Model,
                KernelPath = KernelPath,
                MemoryOnly = MemoryOnly,
                WeightType = WeightType,
                Weights = Weights,
                KernelReason = KernelSelector.Reason(),
                KernelsSupported = KernelSelector.Describe(),
                Board = board.Model,
                Cores = board.CoreSummary,
                Architecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
                Threads = Threads,
                PromptTokens = PromptTokens,
                GenTokens = GenTokens,
                Runs = Runs,
                PrefillTokensPerSecond = Math.Round(Median(r => r.PrefillTokensPerSecond), 2),
                PrefillTernaryGmacPerSecond = Math.Round(Median(r => r.PrefillTokensPerSecond) * WeightsPerToken / 1e9, 2),
                DecodeTokensPerSecond = Math.Round(Decode, 2),
                MsPerTokenP50 = Math.Round(Median(r => r.MedianTokenMilliseconds), 3),
                MsPerTokenP99 = Math.Round(Median(r => r.P99TokenMilliseconds), 3),
                TimeToFirstTokenMs = Math.Round(Median(r => r.TimeToFirstTokenMilliseconds), 2),
                WeightBytesPerToken = WeightBytesPerToken,
                TernaryWeightsPerToken = WeightsPerToken,
                EffectiveGbPerSecond = Math.Round(EffectiveGBps, 2),
                BandwidthProbeGbPerSecond = Math.Round(BandwidthGBps, 2),
                BandwidthProbeBeforeGbPerSecond = Math.Round(BandwidthBeforeGBps, 2),
                BandwidthProbeAfterGbPerSecond = Math.Round(BandwidthAfterGBps, 2),
                BandwidthSteady = BandwidthSteady,
                BandwidthBoundTokensPerSecond = Math.Round(BoundTokensPerSecond, 1),
                FractionOfBandwidthBound = BoundTokensPerSecond > 0 ? Math.Round(Decode / BoundTokensPerSecond, 3) : 0,
                CoreHandoffNsBefore = double.IsFinite(HandoffBeforeNs) ? Math.Round(HandoffBeforeNs, 1) : null,
                CoreHandoffNsAfter = double.IsFinite(HandoffAfterNs) ? Math.Round(HandoffAfterNs, 1) : null,
                AllocatedBytesPerToken = Math.Round(Median(r => r.AllocatedBytesPerToken), 2),
                LoadSeconds = Math.Round(LoadSeconds, 3),
                ResidentBytesAfterLoad = ResidentAfterLoad,
                PeakResidentBytes = PeakResident,
                TokenizerEncodeMbPerSecond = TokenizerMBps is var (encode, _) ? Math.Round(encode, 2) : null,
                TokenizerDecodeMbPerSecond = TokenizerMBps is var (_, decode) ? Math.Round(decode, 2) : null,
                Offload = Offload is null ? null : OffloadOptionSet.Figures(Offload, Link, TokensMeasured),
                CallTrace = Trace is null ? null : BenchRecord.CallTraceFigures.Of(Trace.File, Trace.Calls, Trace.Dropped, Trace.Summary),
                RunsDetail = runs,
            }.ToJson();
        }

        public void WriteTable(TextWriter o)
        {
            var c = CultureInfo.InvariantCulture;
            o.WriteLine(string.Format(c, "model {0} ({1}), kernel {2}, weights {3}, {4} thread(s), prompt {5}, decode {6} tokens, median of {7} runs",
                Model, WeightType, KernelPath, Weights, Threads, PromptTokens, GenTokens, Runs));
            if (MemoryOnly)
                o.WriteLine("memory only: weights read, arithmetic skipped, outputs meaningless; the figures are what the kernels could give if they cost nothing");
            o.WriteLine(string.Format(c, "prefill        {0,10:F1} tokens/s", Median(r => r.PrefillTokensPerSecond)));
            o.WriteLine(string.Format(c, "decode         {0,10:F1} tokens/s   (p50 {1:F2} ms, p99 {2:F2} ms)", Decode,
                Median(r => r.MedianTokenMilliseconds), Median(r => r.P99TokenMilliseconds)));
            o.WriteLine(string.Format(c, "first token    {0,10:F1} ms", Median(r => r.TimeToFirstTokenMilliseconds)));
            o.WriteLine(string.Format(c, "weights/token  {0,10:F1} MB   effective {1:F1} GB/s", WeightBytesPerToken / 1e6, EffectiveGBps));
            if (BandwidthGBps > 0)
                o.WriteLine(string.Format(c, "bandwidth      {0,10:F1} GB/s  (probe before runs {1:F1}, after {2:F1}) bound {3:F0} tokens/s, decode at {4:P0} of it",
                    BandwidthGBps, BandwidthBeforeGBps, BandwidthAfterGBps, BoundTokensPerSecond, Decode / BoundTokensPerSecond));
            if (!BandwidthSteady)
                o.WriteLine("               the probes differ by more than 15%: this machine's bandwidth changed during the runs; measure again");
            if (double.IsFinite(HandoffBeforeNs) || double.IsFinite(HandoffAfterNs))
                o.WriteLine(string.Format(c, "core hand-off  {0,10} ns   one cache line from one thread to another (before runs {1}, after {2})",
                    Nanoseconds(double.MaxNumber(HandoffBeforeNs, HandoffAfterNs)), Nanoseconds(HandoffBeforeNs), Nanoseconds(HandoffAfterNs)));
            o.WriteLine(string.Format(c, "allocated      {0,10:F1} bytes/token", Median(r => r.AllocatedBytesPerToken)));
            o.WriteLine(string.Format(c, "memory         {0,10:F1} MB resident after load, {1:F1} MB peak", ResidentAfterLoad / 1e6, PeakResident / 1e6));
            if (TokenizerMBps is var (encode, decode))
                o.WriteLine(string.Format(c, "tokenizer      {0,10:F1} MB/s encode, {1:F1} MB/s decode", encode, decode));
            if (Offload is not null) o.WriteLine(OffloadOptionSet.Summary(Offload, Link, TokensMeasured));
            if (Trace is not null && Trace.Summary.Calls == 0)
                o.WriteLine(string.Format(c, "call trace     {0} calls in {1}; none was split between threads", Trace.Calls, Trace.File));
            else if (Trace is not null)
                o.WriteLine(string.Format(c, "call trace     {0} calls in {1}: median {2:F2} us; a worker starts at {3:F2} us, the join takes {4:F2} us; {5:P1} of split calls ran a share on the caller (its worker had not come)",
                    Trace.Calls, Trace.File, Trace.Summary.CallMicroseconds, Trace.Summary.WorkerStartMicroseconds, Trace.Summary.JoinMicroseconds, Trace.Summary.CallsWithoutWorkerFraction));
        }
    }

    private static double Probe(int threads, int mib)
    {
        try
        {
            return MemoryBandwidthProbe.Measure(threads, (long)mib << 20);
        }
        catch (OutOfMemoryException e)
        {
            throw new ArgumentException($"--probe-mib {mib}: this machine cannot give the probe {mib} MiB now; use a smaller buffer or 0 to skip the probe.", e);
        }
    }

    private static StreamWriter OpenTraceFile(string path)
    {
        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--trace-calls: cannot write '{path}': {e.Message}", e);
        }
    }

    /// <summary>Where <c>--trace-calls</c> wrote its CSV, and its medians.</summary>
    private sealed record CallTraceReport(string File, int Calls, long Dropped, ProjectionTrace.Summary Summary);
}

using System.Globalization;
using System.Text.Json;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>The table and JSON document of <c>edgemmf bench --formats</c>: TQ2_0 against TQ1_0 decode per kernel path and thread count.</summary>
/// <param name="Shape">The model shape measured, e.g. "random 370m".</param>
/// <param name="Layers">Layers in the weight set (<see cref="FormatWeightSet.Layers"/>).</param>
/// <param name="SetBytesTq2">Bytes of the TQ2_0 copy.</param>
/// <param name="SetBytesTq1">Bytes of the TQ1_0 copy.</param>
/// <param name="LastLevelCacheBytes">The last-level cache the set was sized against (0: unknown).</param>
/// <param name="DefaultPath">The process's kernel path (what <c>convert</c> measures).</param>
/// <param name="Rows">One result per path and thread count, in the order measured.</param>
/// <param name="BandwidthGBps">Per thread count, the memory bandwidth probe (<see cref="Threading.MemoryBandwidthProbe"/>) in GB/s; absent counts were not probed.</param>
public sealed record FormatComparisonReport(string Shape, int Layers, long SetBytesTq2, long SetBytesTq1, long LastLevelCacheBytes, string DefaultPath,
    IReadOnlyList<FormatDecodeResult> Rows, IReadOnlyDictionary<int, double> BandwidthGBps)
{
    /// <summary>The buffer the bandwidth probe streams: 1 GiB, as <c>bench</c>'s.</summary>
    public const long ProbeBytes = 1L << 30;

    /// <summary>
    /// Measures every kernel path this CPU runs (all of <see cref="KernelSelector.Supported"/> but <c>scalar</c>, the
    /// oracle, unless it is the process's path) at each of <paramref name="threadCounts"/>, over one weight set of
    /// <paramref name="config"/>'s shape sized by <see cref="FormatWeightSet.DefaultMinimumBytes"/>.
    /// </summary>
    /// <param name="config">The model shape.</param>
    /// <param name="shape">Its name for the report.</param>
    /// <param name="threadCounts">Kernel worker threads, one measurement per path and count.</param>
    public static FormatComparisonReport Measure(HgrnBitConfig config, string shape, IReadOnlyList<int> threadCounts)
    {
        ArgumentNullException.ThrowIfNull(threadCounts);
        TernaryKernel defaultKernel = KernelSelector.Default;
        var paths = new List<KernelPath>();
        foreach (KernelPath path in KernelSelector.Supported)
            if (path != KernelPath.Scalar || defaultKernel.Path == KernelPath.Scalar) paths.Add(path);
        bool tiles = false;
        foreach (KernelPath path in paths) tiles |= KernelSelector.Create(path).UsesLookupTiles;
        using var weights = new FormatWeightSet(config, FormatWeightSet.DefaultMinimumBytes, tiles);
        var bandwidth = new Dictionary<int, double>();
        foreach (int threads in threadCounts) bandwidth[threads] = Threading.MemoryBandwidthProbe.Measure(threads, ProbeBytes);
        var rows = new List<FormatDecodeResult>();
        foreach (KernelPath path in paths)
            foreach (int threads in threadCounts)
                rows.Add(FormatDecodeBenchmark.Measure(weights, KernelSelector.Create(path), threads));
        return new FormatComparisonReport(shape, weights.Layers, weights.BytesIn(TernaryFormat.Tq2_0), weights.BytesIn(TernaryFormat.Tq1_0),
            LastLevelCache.Bytes, defaultKernel.Name, rows, bandwidth);
    }

    /// <summary>The human-readable table.</summary>
    public void WriteTable(TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Format(c, "decode projections of {0} ({1} layers + lm_head cycled: {2:F0} MiB tq2_0, {3:F0} MiB tq1_0; last-level cache {4}), same weights in both formats, alternated",
            Shape, Layers, SetBytesTq2 / 1048576.0, SetBytesTq1 / 1048576.0, LastLevelCacheBytes > 0 ? string.Format(c, "{0:F0} MiB", LastLevelCacheBytes / 1048576.0) : "unknown"));
        if (BandwidthGBps.Count > 0)
            o.WriteLine("memory bandwidth probe: " + string.Join(", ", BandwidthGBps.OrderBy(p => p.Key).Select(p => string.Format(c, "{0:F1} GB/s on {1} thread(s)", p.Value, p.Key))));
        o.WriteLine("path          threads  tq2_0 Gw/s  GB/s  of bw  tok/s   tq1_0 Gw/s  GB/s  tok/s   tq1/tq2 (min-max)   faster");
        foreach (FormatDecodeResult r in Rows)
        {
            string path = r.KernelPath == DefaultPath ? r.KernelPath + "*" : r.KernelPath;
            double fraction = FractionOfBandwidth(r);
            o.WriteLine(string.Format(c, "{0,-13} {1,7}  {2,10:F2}  {3,4:F1}  {4,5}  {5,5:F0}   {6,10:F2}  {7,4:F1}  {8,5:F0}   {9,7:F2} ({10:F2}-{11:F2})   {12}",
                path, r.Threads, r.Tq2WeightsPerSecond / 1e9, r.Tq2GBps, double.IsNaN(fraction) ? "n/a" : fraction.ToString("F2", c), r.Tq2TokensPerSecond,
                r.Tq1WeightsPerSecond / 1e9, r.Tq1GBps, r.Tq1TokensPerSecond,
                r.Tq1OverTq2, r.Tq1OverTq2Min, r.Tq1OverTq2Max, r.Tq1OverTq2 >= 1 ? "tq1_0" : "tq2_0"));
        }
        o.WriteLine(string.Format(c, "Gw/s: 10^9 ternary weights per second; GB/s: packed weights read; of bw: tq2_0's GB/s over the probe (near 1: bandwidth-bound, where tq1_0 could gain up to 66/54 = 1.22x); tok/s: projections only, of this shape; tq1/tq2: median of per-round ratios; * the default path (convert without --type measures it; tq1_0 must be {0:F0}% faster to be chosen)",
            FormatRecommendation.DefaultMargin * 100));
    }

    /// <summary>TQ2_0's packed GB/s over the probe at the row's thread count; NaN where none was probed.</summary>
    public double FractionOfBandwidth(FormatDecodeResult row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return BandwidthGBps.TryGetValue(row.Threads, out double bound) && bound > 0 ? row.Tq2GBps / bound : double.NaN;
    }

    /// <summary>The same figures as one indented JSON object.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("shape", Shape);
            w.WriteNumber("layers", Layers);
            w.WriteNumber("set_bytes_tq2_0", SetBytesTq2);
            w.WriteNumber("set_bytes_tq1_0", SetBytesTq1);
            w.WriteNumber("last_level_cache_bytes", LastLevelCacheBytes);
            w.WriteString("default_path", DefaultPath);
            w.WriteNumber("margin", FormatRecommendation.DefaultMargin);
            w.WriteStartObject("bandwidth_probe_gb_per_s");
            foreach (KeyValuePair<int, double> p in BandwidthGBps.OrderBy(p => p.Key)) w.WriteNumber(p.Key.ToString(CultureInfo.InvariantCulture), Math.Round(p.Value, 2));
            w.WriteEndObject();
            w.WriteStartArray("formats");
            foreach (FormatDecodeResult r in Rows)
            {
                w.WriteStartObject();
                w.WriteString("kernel_path", r.KernelPath);
                w.WriteNumber("threads", r.Threads);
                w.WriteNumber("rounds", r.Rounds);
                w.WriteNumber("tq2_0_weights_per_s", Math.Round(r.Tq2WeightsPerSecond));
                w.WriteNumber("tq2_0_gb_per_s", Math.Round(r.Tq2GBps, 3));
                w.WriteNumber("tq2_0_tokens_per_s", Math.Round(r.Tq2TokensPerSecond, 2));
                if (!double.IsNaN(FractionOfBandwidth(r))) w.WriteNumber("tq2_0_fraction_of_bandwidth", Math.Round(FractionOfBandwidth(r), 3));
                w.WriteNumber("tq1_0_weights_per_s", Math.Round(r.Tq1WeightsPerSecond));
                w.WriteNumber("tq1_0_gb_per_s", Math.Round(r.Tq1GBps, 3));
                w.WriteNumber("tq1_0_tokens_per_s", Math.Round(r.Tq1TokensPerSecond, 2));
                w.WriteNumber("tq1_over_tq2", Math.Round(r.Tq1OverTq2, 4));
                w.WriteNumber("tq1_over_tq2_min", Math.Round(r.Tq1OverTq2Min, 4));
                w.WriteNumber("tq1_over_tq2_max", Math.Round(r.Tq1OverTq2Max, 4));
                w.WriteString("faster", r.Tq1OverTq2 >= 1 ? TernaryFormatTraits.Tq1.Name : TernaryFormatTraits.Tq2.Name);
                w.WriteString("recommended", r.Recommended.Traits().Name);
                w.WriteNumber("allocated_bytes", r.AllocatedBytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

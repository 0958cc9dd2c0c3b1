using System.Globalization;
using System.Text.Json;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>The table and JSON document of a thread sweep (<c>edgemmf bench --threads 1,2,4,...</c>).</summary>
/// <param name="Model">The model file, or "random SHAPE".</param>
/// <param name="KernelPath">EdgeMmf's kernel path.</param>
/// <param name="WeightType">tq2_0 or tq1_0.</param>
/// <param name="PromptTokens">Prompt length per run.</param>
/// <param name="GenTokens">Tokens decoded per run.</param>
/// <param name="Runs">Measured runs per thread count.</param>
/// <param name="Ggml">The ggml variant that ran beside EdgeMmf (avx512, avx2, ...), or null when the peer is absent.</param>
/// <param name="Rows">One row per thread count, in the order run.</param>
public sealed record ThreadSweepReport(string Model, string KernelPath, string WeightType, int PromptTokens, int GenTokens, int Runs, string? Ggml, IReadOnlyList<ThreadSweepRow> Rows)
{
    /// <summary>The human-readable table.</summary>
    public void WriteTable(TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Format(c, "model {0} ({1}), kernel {2}, prompt {3}, decode {4} tokens, median of {5} runs{6}",
            Model, WeightType, KernelPath, PromptTokens, GenTokens, Runs, Ggml is null ? "" : $"; ggml {Ggml} beside it, same counts, alternating"));
        o.Write("threads  decode tok/s  bound tok/s  of bound  hand-off ns");
        o.WriteLine(Ggml is null ? "" : "  ggml tok/s  EdgeMmf/ggml");
        foreach (ThreadSweepRow r in Rows)
        {
            o.Write(string.Format(c, "{0,7}  {1,12:F1}  {2,11}  {3,8}  {4,11}", r.Threads, r.DecodeTokensPerSecond,
                Format(r.BoundTokensPerSecond, "F0"), Format(r.FractionOfBound, "F2"), Format(r.HandoffNs, "F0")));
            o.WriteLine(Ggml is null ? "" : string.Format(c, "  {0,10}  {1,12}", Format(r.GgmlTokensPerSecond, "F1"), Format(r.RatioToGgml, "F2")));
        }
    }

    /// <summary>The same figures as one indented JSON object.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteString("kernel_path", KernelPath);
            w.WriteString("weight_type", WeightType);
            w.WriteNumber("prompt_tokens", PromptTokens);
            w.WriteNumber("gen_tokens", GenTokens);
            w.WriteNumber("runs", Runs);
            if (Ggml is not null) w.WriteString("ggml_variant", Ggml);
            w.WriteStartArray("sweep");
            foreach (ThreadSweepRow r in Rows)
            {
                w.WriteStartObject();
                w.WriteNumber("threads", r.Threads);
                w.WriteNumber("decode_tokens_per_s", Math.Round(r.DecodeTokensPerSecond, 2));
                if (double.IsFinite(r.FractionOfBound))
                {
                    w.WriteNumber("bandwidth_bound_tokens_per_s", Math.Round(r.BoundTokensPerSecond, 1));
                    w.WriteNumber("fraction_of_bandwidth_bound", Math.Round(r.FractionOfBound, 3));
                }
                if (double.IsFinite(r.HandoffNs)) w.WriteNumber("core_handoff_ns", Math.Round(r.HandoffNs, 1));
                if (double.IsFinite(r.RatioToGgml))
                {
                    w.WriteNumber("ggml_decode_tokens_per_s", Math.Round(r.GgmlTokensPerSecond, 2));
                    w.WriteNumber("ratio_to_ggml", Math.Round(r.RatioToGgml, 3));
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}

using System.Text.Json;
using EdgeMmf.Diagnostics.Benchmarking;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

/// <summary>The table and JSON of <c>bench --formats</c>, from injected measurements.</summary>
[TestClass]
public sealed class FormatComparisonReportTests
{
    private static readonly FormatComparisonReport Report = new("random 370m", 230, 770_000_000, 630_000_000, 300L << 20, "avx-vnni",
    [
        new FormatDecodeResult("avx2", 1, 5, 30.0e9, 15.0e9, 0.5, 0.45, 0.56, 341_000_000, 630_000_000, 0),
        new FormatDecodeResult("avx-vnni", 2, 5, 40.0e9, 46.0e9, 1.15, 1.1, 1.2, 341_000_000, 630_000_000, 0),
    ], new Dictionary<int, double> { [1] = 10.0, [2] = 11.0 });

    [TestMethod]
    public void FractionOfBandwidth_IsTq2_sGBpsOverTheProbeAtItsThreadCount()
    {
        Assert.AreEqual(30.0e9 * 66 / 256 / 1e9 / 10.0, Report.FractionOfBandwidth(Report.Rows[0]), 1e-12);
        Assert.AreEqual(40.0e9 * 66 / 256 / 1e9 / 11.0, Report.FractionOfBandwidth(Report.Rows[1]), 1e-12);
        var unprobed = Report with { BandwidthGBps = new Dictionary<int, double>() };
        Assert.IsTrue(double.IsNaN(unprobed.FractionOfBandwidth(Report.Rows[0])));
    }

    [TestMethod]
    public void WriteTable_OneLinePerRow_NamesTheFasterFormatAndMarksTheDefaultPath()
    {
        var text = new StringWriter();
        Report.WriteTable(text);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.Contains(lines[0], "random 370m (230 layers");
        StringAssert.Contains(lines[1], "10.0 GB/s on 1 thread(s), 11.0 GB/s on 2 thread(s)");
        string avx2 = lines.Single(l => l.StartsWith("avx2 ", StringComparison.Ordinal));
        StringAssert.EndsWith(avx2.TrimEnd(), "tq2_0");
        StringAssert.Contains(avx2, "0.50 (0.45-0.56)");
        string vnni = lines.Single(l => l.StartsWith("avx-vnni* ", StringComparison.Ordinal));
        StringAssert.EndsWith(vnni.TrimEnd(), "tq1_0");
        StringAssert.Contains(lines[^1], "5% faster");
    }

    [TestMethod]
    public void ToJson_HasEveryRowWithItsFiguresAndTheChoice()
    {
        JsonElement r = JsonDocument.Parse(Report.ToJson()).RootElement;
        Assert.AreEqual("avx-vnni", r.GetProperty("default_path").GetString());
        Assert.AreEqual(11.0, r.GetProperty("bandwidth_probe_gb_per_s").GetProperty("2").GetDouble());
        JsonElement[] rows = r.GetProperty("formats").EnumerateArray().ToArray();
        Assert.HasCount(2, rows);
        Assert.AreEqual("tq2_0", rows[0].GetProperty("faster").GetString());
        Assert.AreEqual("tq2_0", rows[0].GetProperty("recommended").GetString());
        Assert.AreEqual(7.734, rows[0].GetProperty("tq2_0_gb_per_s").GetDouble(), 1e-3);
        Assert.AreEqual(3.164, rows[0].GetProperty("tq1_0_gb_per_s").GetDouble(), 1e-3);
        Assert.AreEqual(0.773, rows[0].GetProperty("tq2_0_fraction_of_bandwidth").GetDouble(), 1e-3);
        Assert.AreEqual("tq1_0", rows[1].GetProperty("faster").GetString());
        Assert.AreEqual("tq1_0", rows[1].GetProperty("recommended").GetString());
        Assert.AreEqual(134.9, rows[1].GetProperty("tq1_0_tokens_per_s").GetDouble(), 0.1);
    }
}

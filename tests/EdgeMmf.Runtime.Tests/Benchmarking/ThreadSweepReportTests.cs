using System.Text.Json;
using EdgeMmf.Diagnostics.Benchmarking;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

[TestClass]
public sealed class ThreadSweepReportTests
{
    private static readonly ThreadSweepRow[] Rows =
    [
        new(1, 140.0, 200.0, double.NaN, 100.0),
        new(2, 250.0, 400.0, 61.4, 125.0),
    ];

    [TestMethod]
    public void Row_FractionAndRatio_AreQuotientsAndNaNWhenAbsent()
    {
        Assert.AreEqual(0.625, Rows[1].FractionOfBound, 1e-12);
        Assert.AreEqual(2.0, Rows[1].RatioToGgml, 1e-12);
        Assert.IsTrue(double.IsNaN(new ThreadSweepRow(1, 100, 0, double.NaN, double.NaN).FractionOfBound));
        Assert.IsTrue(double.IsNaN(new ThreadSweepRow(1, 100, 0, double.NaN, double.NaN).RatioToGgml));
    }

    [TestMethod]
    public void Median_IsTheMiddleValueOrTheUpperOfTwo()
    {
        Assert.AreEqual(3.0, ThreadSweepRow.Median([5.0, 1.0, 3.0]));
        Assert.AreEqual(4.0, ThreadSweepRow.Median([4.0, 1.0]));
        Assert.IsTrue(double.IsNaN(ThreadSweepRow.Median([])));
    }

    [TestMethod]
    public void WriteTable_WithGgml_HasOneLinePerCountWithTheRatio()
    {
        var report = new ThreadSweepReport("random 370m", "avx2", "tq2_0", 32, 64, 3, "avx512", Rows);
        var text = new StringWriter();
        report.WriteTable(text);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(4, lines.Length, text.ToString());
        StringAssert.Contains(lines[0], "ggml avx512");
        StringAssert.Contains(lines[1], "EdgeMmf/ggml");
        CollectionAssert.AreEqual(new[] { "1", "140.0", "200", "0.70", "n/a", "100.0", "1.40" }, lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        CollectionAssert.AreEqual(new[] { "2", "250.0", "400", "0.62", "61", "125.0", "2.00" }, lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    public void WriteTable_WithoutGgml_ShowsNoGgmlColumn()
    {
        var report = new ThreadSweepReport("random 370m", "avx2", "tq2_0", 32, 64, 3, null, Rows);
        var text = new StringWriter();
        report.WriteTable(text);
        Assert.IsFalse(text.ToString().Contains("ggml", StringComparison.Ordinal), text.ToString());
    }

    [TestMethod]
    public void ToJson_HasTheSweepFieldsPerCount()
    {
        var report = new ThreadSweepReport("random 370m", "avx2", "tq2_0", 32, 64, 3, "avx2", Rows);
        using JsonDocument doc = JsonDocument.Parse(report.ToJson());
        Assert.AreEqual("avx2", doc.RootElement.GetProperty("ggml_variant").GetString());
        JsonElement[] sweep = doc.RootElement.GetProperty("sweep").EnumerateArray().ToArray();
        Assert.AreEqual(2, sweep.Length);
        string[] first = sweep[0].EnumerateObject().Select(p => p.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "threads", "decode_tokens_per_s", "bandwidth_bound_tokens_per_s", "fraction_of_bandwidth_bound", "ggml_decode_tokens_per_s", "ratio_to_ggml" }, first);
        Assert.AreEqual(61.4, sweep[1].GetProperty("core_handoff_ns").GetDouble());
        Assert.AreEqual(0.625, sweep[1].GetProperty("fraction_of_bandwidth_bound").GetDouble());
        Assert.AreEqual(2.0, sweep[1].GetProperty("ratio_to_ggml").GetDouble());
    }
}

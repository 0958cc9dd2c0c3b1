using System.Diagnostics;
using System.Xml.Linq;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Plots;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Tests.Plots;

[TestClass]
public sealed class SvgTests
{
    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [TestMethod]
    public void PowerTimeline_DrawsOneTickPerTokenAndOneLinePerChannel()
    {
        var marks = new GenerationMarkRecorder();
        marks.OnPrefillStart(Ticks(1), 4);
        marks.OnFirstToken(Ticks(1.2));
        for (int i = 0; i < 7; i++)
        {
            marks.OnToken(Ticks(1.2 + 0.1 * i), i);
        }
        marks.OnEnd(Ticks(1.9), 7);
        var channels = new[] { new PowerChannel("s", new PowerRail("A", RailQuantity.Milliwatts, true)), new PowerChannel("s", new PowerRail("B", RailQuantity.Milliwatts, false)) };
        var timestamps = Enumerable.Range(0, 21).Select(i => Ticks(i * 0.1)).ToList();
        var rows = timestamps.Select(_ => new[] { 3000.0, 1000.0 }).ToList();
        PowerTrace trace = PowerTrace.FromSamples(channels, timestamps, rows);
        EnergyReport report = EnergyReport.Build(trace, Ticks(0), Ticks(1), marks);

        XDocument svg = XDocument.Parse(PowerTimelineSvg.Render("a <title> & more", trace, report, marks));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.HasCount(2, svg.Descendants(ns + "polyline"));
        int tokenTicks = svg.Descendants(ns + "line").Count(l => (string?)l.Attribute("stroke-width") == "0.8");
        Assert.AreEqual(7, tokenTicks);
        Assert.IsTrue(svg.Descendants(ns + "text").Any(t => t.Value == "a <title> & more"));
    }

    [TestMethod]
    public void PowerTimeline_EnergyCounter_IsDrawnAsPowerBetweenSamples()
    {
        var marks = new GenerationMarkRecorder();
        marks.OnPrefillStart(Ticks(0.5), 4);
        marks.OnEnd(Ticks(0.9), 0);
        var channels = new[] { new PowerChannel("rapl", new PowerRail("package-0", RailQuantity.CumulativeMicrojoules, true, 1_000_000)) };
        var timestamps = Enumerable.Range(0, 11).Select(i => Ticks(i * 0.1)).ToList();
        var rows = timestamps.Select((_, i) => new[] { (i * 500_000.0) % 1_000_000 }).ToList(); // 5 W, wrapping every 2 samples
        PowerTrace trace = PowerTrace.FromSamples(channels, timestamps, rows);
        EnergyReport report = EnergyReport.Build(trace, Ticks(0), Ticks(0.5), marks);

        XDocument svg = XDocument.Parse(PowerTimelineSvg.Render("rapl", trace, report, marks));

        XNamespace ns = "http://www.w3.org/2000/svg";
        string[] points = ((string)svg.Descendants(ns + "polyline").Single().Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(10, points, "one power value per pair of samples");
        Assert.AreEqual(1, points.Select(p => p.Split(',')[1]).Distinct().Count(), "constant 5 W across the wraps");
        Assert.AreEqual(5.0, report.AverageMilliwatts / 1000, 1e-9);
    }

    [TestMethod]
    public void SpreadChart_OneBarPerConfigurationAndSeries()
    {
        var rows = new List<(string, Spread[])>
        {
            ("a", [Spread.Of([1.0, 2.0, 3.0]), Spread.Of([0.5, 1.0])]),
            ("b", [Spread.Of([2.0, 4.0]), Spread.Of([null])]),
        };

        XDocument svg = XDocument.Parse(SpreadChartSvg.Render("J", "J/token", ["total", "above idle"], rows));

        XNamespace ns = "http://www.w3.org/2000/svg";
        int bars = svg.Descendants(ns + "rect").Count(r => (string?)r.Attribute("fill-opacity") == "0.85");
        Assert.AreEqual(3, bars);
    }

    [TestMethod]
    public void PowerTimeline_HostileLabelAndBadReading_StaysValidXmlWithASaneScale()
    {
        var marks = new GenerationMarkRecorder();
        marks.OnPrefillStart(Ticks(1), 4);
        marks.OnFirstToken(Ticks(1.2));
        marks.OnEnd(Ticks(1.9), 3);
        const string label = "<b>\"&'\u0001\u001b[31m\nVIN";
        var channels = new[] { new PowerChannel("ina\u202e", new PowerRail(label, RailQuantity.Milliwatts, true)) };
        var timestamps = Enumerable.Range(0, 21).Select(i => Ticks(i * 0.1)).ToList();
        var rows = timestamps.Select((_, i) => new[] { i == 10 ? -3.9e13 : i == 12 ? 5e9 : 3000.0 }).ToList();
        PowerTrace trace = PowerTrace.FromSamples(channels, timestamps, rows);
        EnergyReport report = EnergyReport.Build(trace, Ticks(0), Ticks(1), marks);

        XDocument svg = XDocument.Parse(PowerTimelineSvg.Render("run", trace, report, marks));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.IsTrue(svg.Descendants(ns + "text").Any(t => t.Value.Contains("<b>\"&'", StringComparison.Ordinal)));
        Assert.IsFalse(svg.Descendants(ns + "text").Any(t => t.Value.Any(char.IsControl)));
        // The axis is labelled in watts up to a few W, not down to -3.9e10 W.
        double[] yTicks = svg.Descendants(ns + "text").Where(t => (string?)t.Attribute("text-anchor") == "end")
            .Select(t => double.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.IsNotEmpty(yTicks);
        Assert.IsTrue(yTicks.All(w => w is >= 0 and <= 10), string.Join(", ", yTicks));
        Assert.AreEqual(2, report.RejectedSamples);
    }
}

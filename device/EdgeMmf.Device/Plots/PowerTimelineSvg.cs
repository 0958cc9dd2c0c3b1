using System.Diagnostics;
using System.Globalization;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Plots;

/// <summary>
/// Power over time for one run: the idle, prefill and decode phases as shaded bands, one line per
/// channel (solid where it counts toward the total, dashed where it is contained in another), the total
/// when several channels count, and a tick per token along the bottom.
/// </summary>
public static class PowerTimelineSvg
{
    private const double Width = 960, Height = 440, Left = 70, Right = 20, Top = 50, Bottom = 90;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The run's timeline as an SVG document titled <paramref name="title"/>.</summary>
    public static string Render(string title, PowerTrace trace, EnergyReport report, GenerationMarkRecorder marks)
    {
        long origin = Math.Min(report.Idle.Start, trace.Count > 0 ? trace.TimestampAt(0) : report.Idle.Start);
        long last = Math.Max(marks.End, trace.Count > 0 ? trace.TimestampAt(trace.Count - 1) : marks.End);
        double Seconds(long timestamp) => (timestamp - origin) / (double)Stopwatch.Frequency;
        double spanSeconds = Math.Max(Seconds(last), 1e-3);

        List<(string Name, bool Counts, List<(double T, double W)> Points)> series = Series(trace, Seconds);
        double maxWatts = 0;
        foreach (var s in series)
        {
            foreach (var p in s.Points)
            {
                maxWatts = Math.Max(maxWatts, p.W);
            }
        }
        (double yStep, double yMax) = AxisTicks.For(maxWatts * 1.1);
        (double xStep, _) = AxisTicks.For(spanSeconds);
        double xMax = spanSeconds; // the run fills the width; ticks stop at the last whole step
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double X(double t) => Left + t / xMax * plotWidth;
        double Y(double w) => Top + plotHeight - w / yMax * plotHeight;

        var svg = new SvgDocument(Width, Height);
        svg.Text(Left, 22, title, 15, bold: true);
        svg.Text(Left, 40, SubTitle(report), 11, fill: "#555555");
        foreach ((PhaseEnergy phase, string colour) in (ReadOnlySpan<(PhaseEnergy, string)>)[(report.Idle, "#bbbbbb"), (report.Prefill, "#ff9f40"), (report.Decode, "#4c9be8")])
        {
            double x0 = X(Seconds(phase.Start)), x1 = X(Seconds(phase.End));
            svg.Rect(x0, Top, x1 - x0, plotHeight, colour, 0.18);
            if (x1 - x0 > 30)
            {
                svg.Text((x0 + x1) / 2, Top + 14, phase.Phase, 11, "middle", "#444444");
            }
        }
        for (double w = 0; w <= yMax + yStep / 2; w += yStep)
        {
            svg.Line(Left, Y(w), Left + plotWidth, Y(w), "#e4e4e4");
            svg.Text(Left - 6, Y(w) + 4, AxisTicks.Label(w, yStep), 11, "end");
        }
        for (double t = 0; t <= xMax + xStep * 1e-6; t += xStep)
        {
            svg.Line(X(t), Top + plotHeight, X(t), Top + plotHeight + 5, "#333333");
            svg.Text(X(t), Top + plotHeight + 18, AxisTicks.Label(t, xStep), 11, "middle");
        }
        svg.Line(Left, Top, Left, Top + plotHeight, "#333333");
        svg.Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "#333333");
        svg.Text(Left + plotWidth / 2, Top + plotHeight + 36, "time (s)", 12, "middle");
        svg.Text(18, Top + plotHeight / 2, "power (W)", 12, "middle", rotate: -90);

        foreach (long token in marks.TokenTimestamps)
        {
            double x = X(Seconds(token));
            svg.Line(x, Top + plotHeight - 8, x, Top + plotHeight, "#000000", 0.8);
        }
        if (marks.FirstToken != 0)
        {
            svg.Line(X(Seconds(marks.FirstToken)), Top, X(Seconds(marks.FirstToken)), Top + plotHeight, "#000000", 1, "4 3");
        }

        // Legend in rows under the axis, so it never hides data.
        double legendX = Left, legendY = Height - 28;
        for (int i = 0; i < series.Count; i++)
        {
            var (name, counts, points) = series[i];
            bool isTotal = name == "total";
            string colour = isTotal ? "#000000" : Palette[i % Palette.Length];
            var pixels = new List<(double, double)>(points.Count);
            foreach (var (t, w) in points)
            {
                pixels.Add((X(t), Y(w)));
            }
            svg.Polyline(pixels, colour, isTotal ? 2.2 : 1.4, counts || isTotal ? null : "5 3");
            string label = counts || isTotal ? name : name + " (inside the total)";
            double labelWidth = 40 + 7.0 * label.Length;
            if (legendX + labelWidth > Width - Right)
            {
                legendX = Left;
                legendY += 16;
            }
            svg.Line(legendX, legendY - 4, legendX + 20, legendY - 4, colour, 2, counts || isTotal ? null : "5 3");
            svg.Text(legendX + 25, legendY, label, 11);
            legendX += labelWidth;
        }
        if (series.Count == 0)
        {
            svg.Text(Left + plotWidth / 2, Top + plotHeight / 2, "no power sensor: timings only (ticks: tokens)", 14, "middle", "#666666");
        }
        return svg.ToString();
    }

    private static string SubTitle(EnergyReport report)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string speed = string.Format(c, "prefill {0} tok in {1:F2} s, decode {2:F1} tok/s", report.PromptTokens, report.Prefill.Seconds, report.DecodeTokensPerSecond);
        return report.HasEnergy
            ? string.Format(c, "{0}; {1:F2} W average (idle {2:F2} W); {3:F3} J/token ({4:F3} above idle)", speed, report.AverageMilliwatts / 1000, report.IdleMilliwatts / 1000, report.JoulesPerToken, report.JoulesPerTokenAboveIdle)
            : speed;
    }

    /// <summary>Each channel in watts over time (counters differenced between samples), and the total of the counted ones when there are several.</summary>
    private static List<(string, bool, List<(double, double)>)> Series(PowerTrace trace, Func<long, double> seconds)
    {
        var series = new List<(string, bool, List<(double, double)>)>();
        var watts = new double[trace.Channels.Count][];
        int counted = 0;
        for (int c = 0; c < trace.Channels.Count; c++)
        {
            PowerRail rail = trace.Channels[c].Rail;
            watts[c] = new double[trace.Count];
            double previous = double.NaN;
            long previousTimestamp = 0;
            var points = new List<(double, double)>();
            for (int row = 0; row < trace.Count; row++)
            {
                double value = trace.ValueAt(row, c);
                if (!double.IsNaN(value) && !PowerReadingRange.IsPlausible(rail.Quantity, value))
                {
                    value = double.NaN;   // a sensor fault: left out here as in the energy, or it would set the scale
                }
                long timestamp = trace.TimestampAt(row);
                double w = double.NaN;
                if (rail.Quantity == RailQuantity.Milliwatts)
                {
                    w = value / 1000.0;
                }
                else if (!double.IsNaN(value) && !double.IsNaN(previous))
                {
                    double step = value - previous;
                    step = step >= 0 ? step : rail.CounterRangeMicrojoules > 0 ? step + rail.CounterRangeMicrojoules : double.NaN;
                    w = step / ((timestamp - previousTimestamp) / (double)Stopwatch.Frequency) / 1e6;
                }
                if (!double.IsNaN(value))
                {
                    previous = value;
                    previousTimestamp = timestamp;
                }
                watts[c][row] = w;
                if (double.IsFinite(w))
                {
                    points.Add((seconds(timestamp), w));
                }
            }
            counted += rail.CountsTowardTotal ? 1 : 0;
            if (points.Count > 0)
            {
                series.Add((trace.Channels[c].Id, rail.CountsTowardTotal, points));
            }
        }
        if (counted > 1)
        {
            var total = new List<(double, double)>();
            for (int row = 0; row < trace.Count; row++)
            {
                double sum = 0;
                for (int c = 0; c < trace.Channels.Count; c++)
                {
                    if (trace.Channels[c].Rail.CountsTowardTotal)
                    {
                        sum += watts[c][row];
                    }
                }
                if (double.IsFinite(sum))
                {
                    total.Add((seconds(trace.TimestampAt(row)), sum));
                }
            }
            series.Add(("total", true, total));
        }
        return series;
    }
}

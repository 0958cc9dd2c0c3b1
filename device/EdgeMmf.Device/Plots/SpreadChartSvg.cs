using System.Globalization;
using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Plots;

/// <summary>
/// A horizontal bar chart of one metric per configuration: the bar is the median, the thick whisker
/// the interquartile range (p25-p75), the thin one min-max. Up to two series side by side
/// (e.g. J/token total and above idle).
/// </summary>
public static class SpreadChartSvg
{
    private const double Width = 960, Left = 260, Right = 40, Top = 60, RowHeight = 34, Bottom = 60;
    private static readonly string[] Colours = ["#4c9be8", "#ff9f40"];

    /// <param name="title">Chart title.</param>
    /// <param name="unit">The value axis label, e.g. "J/token".</param>
    /// <param name="seriesNames">One name per series.</param>
    /// <param name="rows">Per configuration: a label and one spread per series.</param>
    public static string Render(string title, string unit, IReadOnlyList<string> seriesNames, IReadOnlyList<(string Label, Spread[] Values)> rows)
    {
        double height = Top + Math.Max(1, rows.Count) * RowHeight + Bottom;
        double max = 0;
        foreach (var (_, values) in rows)
        {
            foreach (Spread s in values)
            {
                max = Math.Max(max, s.Max ?? 0);
            }
        }
        (double step, double axisMax) = AxisTicks.For(max * 1.05);
        double plotWidth = Width - Left - Right;
        double X(double v) => Left + v / axisMax * plotWidth;

        var svg = new SvgDocument(Width, height);
        svg.Text(20, 24, title, 15, bold: true);
        svg.Text(20, 42, "bar: median; thick line: p25-p75; thin line: min-max", 11, fill: "#555555");
        for (int s = 0; s < seriesNames.Count; s++)
        {
            double lx = Width - Right - 220 + s * 110;
            svg.Rect(lx, 16, 12, 12, Colours[s % Colours.Length]);
            svg.Text(lx + 16, 26, seriesNames[s], 11);
        }
        double plotBottom = Top + rows.Count * RowHeight;
        for (double v = 0; v <= axisMax + step / 2; v += step)
        {
            svg.Line(X(v), Top, X(v), plotBottom, "#e4e4e4");
            svg.Text(X(v), plotBottom + 16, AxisTicks.Label(v, step), 11, "middle");
        }
        svg.Text(Left + plotWidth / 2, plotBottom + 36, unit, 12, "middle");
        bool any = false;
        for (int r = 0; r < rows.Count; r++)
        {
            var (label, values) = rows[r];
            double rowTop = Top + r * RowHeight;
            svg.Text(Left - 8, rowTop + RowHeight / 2 + 4, label, 11, "end");
            double barHeight = (RowHeight - 10) / values.Length;
            for (int s = 0; s < values.Length; s++)
            {
                Spread spread = values[s];
                if (spread.Median is not double median)
                {
                    continue;
                }
                any = true;
                double y = rowTop + 5 + s * barHeight;
                double middle = y + barHeight / 2;
                svg.Rect(Left, y, X(median) - Left, barHeight - 2, Colours[s % Colours.Length], 0.85);
                svg.Line(X(spread.Min!.Value), middle, X(spread.Max!.Value), middle, "#222222", 1);
                svg.Line(X(spread.P25!.Value), middle, X(spread.P75!.Value), middle, "#222222", 3);
                svg.Text(X(spread.Max!.Value) + 4, middle + 4, median.ToString("G3", CultureInfo.InvariantCulture), 10, fill: "#333333");
            }
        }
        svg.Line(Left, Top, Left, plotBottom, "#333333");
        if (!any)
        {
            svg.Text(Left + plotWidth / 2, Top + RowHeight / 2 + 4, "no data (no power sensor: see summary.json notes)", 13, "middle", "#666666");
        }
        return svg.ToString();
    }
}

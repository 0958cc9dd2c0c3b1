namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// Median and spread of one metric over a configuration's repetitions: quartiles by linear interpolation
/// between order statistics (Hyndman-Fan type 7, as numpy and R default to), and the extremes.
/// Null fields when no run had the metric.
/// </summary>
public sealed class Spread
{
    /// <summary>Runs that had the metric.</summary>
    public int Count { get; set; }
    /// <summary>The median.</summary>
    public double? Median { get; set; }
    /// <summary>The 25th percentile.</summary>
    public double? P25 { get; set; }
    /// <summary>The 75th percentile.</summary>
    public double? P75 { get; set; }
    /// <summary>The smallest value.</summary>
    public double? Min { get; set; }
    /// <summary>The largest value.</summary>
    public double? Max { get; set; }

    /// <summary>The spread of the non-null <paramref name="values"/>.</summary>
    public static Spread Of(IEnumerable<double?> values)
    {
        var sorted = new List<double>();
        foreach (double? value in values)
        {
            if (value is double v && double.IsFinite(v))
            {
                sorted.Add(v);
            }
        }
        sorted.Sort();
        if (sorted.Count == 0)
        {
            return new Spread();
        }
        return new Spread
        {
            Count = sorted.Count,
            Median = Quantile(sorted, 0.5),
            P25 = Quantile(sorted, 0.25),
            P75 = Quantile(sorted, 0.75),
            Min = sorted[0],
            Max = sorted[^1],
        };
    }

    internal static double Quantile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

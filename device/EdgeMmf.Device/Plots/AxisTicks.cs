namespace EdgeMmf.Device.Plots;

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, about five of them.</summary>
internal static class AxisTicks
{
    /// <summary>The tick step and the axis maximum rounded up to a step, for values from 0 to <paramref name="max"/>.</summary>
    public static (double Step, double Max) For(double max)
    {
        if (!(max > 0) || !double.IsFinite(max))
        {
            return (1, 1);
        }
        double rough = max / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
        return (step, Math.Ceiling(max / step - 1e-9) * step);
    }

    public static string Label(double value, double step) =>
        value.ToString(step >= 1 ? "0" : step >= 0.1 ? "0.0" : step >= 0.01 ? "0.00" : "0.000", System.Globalization.CultureInfo.InvariantCulture);
}

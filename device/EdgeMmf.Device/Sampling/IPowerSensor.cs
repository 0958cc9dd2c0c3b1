namespace EdgeMmf.Device.Sampling;

/// <summary>
/// A power sensor the sampler can poll: a fixed list of rails, read all at once.
/// Implementations are called from the sampler thread only.
/// </summary>
public interface IPowerSensor : IDisposable
{
    /// <summary>A short unique name, e.g. <c>ina3221@hwmon1</c>, <c>rapl</c>, <c>rpi5-pmic</c>.</summary>
    string Name { get; }

    /// <summary>The rails, in the order <see cref="Read"/> fills them.</summary>
    IReadOnlyList<PowerRail> Rails { get; }

    /// <summary>
    /// Reads every rail into <paramref name="values"/> (one per rail, in the rail's <see cref="RailQuantity"/>).
    /// A rail with no valid reading this time (e.g. an ADC overflow) gets <see cref="double.NaN"/>.
    /// </summary>
    /// <exception cref="PowerSensorException">The sensor is gone or unreadable; the sampler stops polling it.</exception>
    void Read(Span<double> values);
}

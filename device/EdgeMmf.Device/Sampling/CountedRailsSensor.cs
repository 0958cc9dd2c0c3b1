namespace EdgeMmf.Device.Sampling;

/// <summary>
/// A sensor whose "counts toward the total" flags the user chose (a plan's <c>"countedRails"</c>), for
/// boards whose rail layout the defaults do not know: the same readings, other rails summed.
/// </summary>
public sealed class CountedRailsSensor : IPowerSensor
{
    private readonly IPowerSensor _inner;

    /// <param name="inner">The sensor.</param>
    /// <param name="counted">Rail names (<c>VDD_IN</c>) or channel ids (<c>ina3221@hwmon1/VDD_IN</c>) to sum; every other rail is recorded only.</param>
    public CountedRailsSensor(IPowerSensor inner, IReadOnlyCollection<string> counted)
    {
        _inner = inner;
        var rails = new PowerRail[inner.Rails.Count];
        for (int i = 0; i < rails.Length; i++)
        {
            PowerRail rail = inner.Rails[i];
            bool counts = counted.Contains(rail.Name) || counted.Contains(inner.Name + "/" + rail.Name);
            rails[i] = rail with { CountsTowardTotal = counts };
        }
        Rails = rails;
    }

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <summary>The inner sensor's rails, with the counted flags chosen.</summary>
    public IReadOnlyList<PowerRail> Rails { get; }

    /// <inheritdoc/>
    public void Read(Span<double> values) => _inner.Read(values);

    /// <summary>Disposes the inner sensor.</summary>
    public void Dispose() => _inner.Dispose();
}

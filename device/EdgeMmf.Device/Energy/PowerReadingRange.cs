using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Energy;

/// <summary>
/// Which readings a rail can really give. A power reading below zero, above <see cref="MaxMilliwatts"/>, or not
/// finite is a sensor fault (a sign flip, a misread register, a garbage sysfs value), as is a negative or infinite
/// energy counter. Such samples stay in samples.csv as read but are left out of every energy figure and counted,
/// so one bad register cannot turn a run's joules per token into -3.9e10.
/// </summary>
public static class PowerReadingRange
{
    /// <summary>10 kW: a hundred times what an edge board draws, and above any single machine we would measure.</summary>
    public const double MaxMilliwatts = 10_000_000;

    /// <summary>True when <paramref name="value"/> is a reading a rail of <paramref name="quantity"/> can really give.</summary>
    public static bool IsPlausible(RailQuantity quantity, double value) => quantity == RailQuantity.Milliwatts
        ? value is >= 0 and <= MaxMilliwatts
        : value >= 0 && double.IsFinite(value);
}

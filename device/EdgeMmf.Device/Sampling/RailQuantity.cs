namespace EdgeMmf.Device.Sampling;

/// <summary>What a rail's reading means.</summary>
public enum RailQuantity
{
    /// <summary>Instantaneous power in milliwatts (hwmon, INA2xx, PMIC): integrated with the trapezoid rule.</summary>
    Milliwatts,

    /// <summary>A cumulative energy counter in microjoules (RAPL): differenced, wrapping at the rail's range.</summary>
    CumulativeMicrojoules,
}

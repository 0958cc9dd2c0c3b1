using EdgeMmf.Device.Ina2xx;

namespace EdgeMmf.Device.Campaigns;

/// <summary>The <c>"sensors"</c> section of a plan: which families to look for, and the INA2xx breakouts to read.</summary>
public sealed class SensorPlan
{
    /// <summary>Look for hwmon power sensors.</summary>
    public bool Hwmon { get; set; } = true;

    /// <summary>Look for Intel RAPL energy counters.</summary>
    public bool Rapl { get; set; } = true;

    /// <summary>Look for the Raspberry Pi 5 PMIC.</summary>
    public bool RaspberryPiPmic { get; set; } = true;

    /// <summary>INA2xx breakouts on I2C, one entry each.</summary>
    public List<Ina2xxSensorSettings> Ina2xx { get; set; } = [];

    /// <summary>
    /// Rails to sum into the energy total, replacing the defaults (a Jetson's VDD_IN alone; all PMIC rails;
    /// RAPL packages; each INA2xx): rail names (<c>"VDD_IN"</c>) or ids (<c>"ina3221@hwmon1/VDD_IN"</c>).
    /// </summary>
    public List<string> CountedRails { get; set; } = [];

    /// <summary>When true the campaign refuses to start without a power sensor instead of recording timings only.</summary>
    public bool Required { get; set; }
}

using System.Device.I2c;
using EdgeMmf.Device.Hwmon;
using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.RaspberryPiPmic;
using EdgeMmf.Device.Rapl;

namespace EdgeMmf.Device.Sampling;

/// <summary>
/// Finds the power sensors a board has: hwmon devices that measure power (Jetson INA3221, kernel INA2xx
/// drivers), RAPL counters, the Raspberry Pi 5 PMIC, and the INA219/INA226 breakouts the configuration
/// names. Nothing found is not an error: the notes say why, and a campaign runs with timings only.
/// </summary>
public static class SensorDiscovery
{
    /// <summary>The sensors <paramref name="configuration"/> lets it find, with a note for each family missing.</summary>
    public static DiscoveredSensors Discover(SensorConfiguration configuration)
    {
        var sensors = new List<IPowerSensor>();
        var notes = new List<string>();
        if (configuration.UseHwmon)
        {
            sensors.AddRange(HwmonSensor.Discover(configuration.HwmonRoot, notes));
        }
        if (configuration.UseRapl && RaplSensor.Discover(configuration.PowercapRoot, notes) is { } rapl)
        {
            sensors.Add(rapl);
        }
        if (configuration.UseRaspberryPiPmic && RaspberryPiPmicSensor.Discover(configuration.CommandRunner, configuration.Vcgencmd, notes) is { } pmic)
        {
            sensors.Add(pmic);
        }
        foreach (Ina2xxSensorSettings settings in configuration.Ina2xx)
        {
            I2cDevice? device = null;
            try
            {
                device = configuration.OpenI2cDevice(settings.Bus, settings.ParseAddress());
                sensors.Add(new Ina2xxPowerSensor(settings, device, ownsDevice: true));
            }
            catch (Exception e) when (e is PowerSensorException or I2cBusException or FormatException or ArgumentOutOfRangeException)
            {
                device?.Dispose();
                notes.Add($"{settings.Chip} on bus {settings.Bus} at {settings.Address}: {e.Message}");
            }
        }
        if (configuration.Ina2xx.Count == 0)
        {
            notes.Add("ina2xx: no INA219/INA226 breakout configured (name one in the plan's \"sensors\": {\"ina2xx\": [...]}, see device/EdgeMmf.Device/Ina2xx/README.md).");
        }
        if (configuration.CountedRails.Count > 0)
        {
            for (int i = 0; i < sensors.Count; i++)
            {
                sensors[i] = new CountedRailsSensor(sensors[i], configuration.CountedRails);
            }
            int counted = sensors.Sum(s => s.Rails.Count(r => r.CountsTowardTotal));
            notes.Add(counted == 0
                ? $"countedRails [{string.Join(", ", configuration.CountedRails)}] matches no rail found: energy totals will be empty; `edgemmf sensors` lists the rail names."
                : $"countedRails: summing only {string.Join(", ", configuration.CountedRails)}.");
        }
        return new DiscoveredSensors(sensors, notes);
    }
}

using System.Device.I2c;
using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.RaspberryPiPmic;

namespace EdgeMmf.Device.Sampling;

/// <summary>
/// Where <see cref="SensorDiscovery"/> looks. The roots, the vcgencmd runner and the I2C device opener are
/// here so tests can point them at simulated sysfs trees, a fake vcgencmd and a simulated bus.
/// </summary>
public sealed class SensorConfiguration
{
    /// <summary>Look for hwmon power sensors.</summary>
    public bool UseHwmon { get; set; } = true;

    /// <summary>Look for RAPL energy counters.</summary>
    public bool UseRapl { get; set; } = true;

    /// <summary>Look for the Raspberry Pi 5 PMIC.</summary>
    public bool UseRaspberryPiPmic { get; set; } = true;

    /// <summary>The hwmon class folder.</summary>
    public string HwmonRoot { get; set; } = "/sys/class/hwmon";

    /// <summary>The powercap class folder (RAPL).</summary>
    public string PowercapRoot { get; set; } = "/sys/class/powercap";

    /// <summary>The vcgencmd program that reads the PMIC.</summary>
    public string Vcgencmd { get; set; } = "vcgencmd";

    /// <summary>Runs vcgencmd.</summary>
    public ICommandRunner CommandRunner { get; set; } = new ProcessCommandRunner();

    /// <summary>INA219/INA226 breakouts to read through System.Device.Gpio's I2cDevice (never probed for: they must be named).</summary>
    public List<Ina2xxSensorSettings> Ina2xx { get; set; } = [];

    /// <summary>
    /// When not empty, exactly these rails (names like <c>VDD_IN</c>, or <c>sensor/rail</c> ids) are summed into
    /// the total, replacing each sensor's own choice; the other rails are still recorded.
    /// </summary>
    public List<string> CountedRails { get; set; } = [];

    /// <summary>Opens the chip at (bus N, address); <see cref="I2cDeviceOpener.Open"/> on <c>/dev/i2c-N</c> by default.</summary>
    public Func<int, int, I2cDevice> OpenI2cDevice { get; set; } = I2cDeviceOpener.Open;
}

using System.Globalization;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// One INA219/INA226 breakout as a campaign plan or the command line names it. These chips cannot be
/// discovered safely (an INA219 has no ID register), so each one is configured.
/// </summary>
public sealed class Ina2xxSensorSettings
{
    /// <summary><c>ina219</c> or <c>ina226</c>.</summary>
    public string Chip { get; set; } = "ina219";

    /// <summary>The N of <c>/dev/i2c-N</c> (1 on a Raspberry Pi's GPIO header).</summary>
    public int Bus { get; set; } = 1;

    /// <summary>The 7-bit address, hexadecimal as <c>i2cdetect</c> prints it (<c>0x40</c>).</summary>
    public string Address { get; set; } = "0x40";

    /// <summary>The shunt resistor (0.1 Ω on the common INA219 breakouts, "R100").</summary>
    public double ShuntOhms { get; set; } = 0.1;

    /// <summary>The largest current expected; sets the resolution (max / 32768).</summary>
    public double MaxCurrentAmps { get; set; } = 3.2;

    /// <summary>What the breakout measures, e.g. <c>5V_IN</c>.</summary>
    public string Rail { get; set; } = "5V_IN";

    public int ParseAddress()
    {
        string text = Address.Trim();
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!int.TryParse(hex ? text[2..] : text, hex ? NumberStyles.HexNumber : NumberStyles.Integer, CultureInfo.InvariantCulture, out int address)
            || address is < 0x03 or > 0x77)
        {
            throw new FormatException($"INA2xx address '{Address}' is not a 7-bit I2C address (write it as i2cdetect shows it, e.g. \"0x40\").");
        }
        return address;
    }
}

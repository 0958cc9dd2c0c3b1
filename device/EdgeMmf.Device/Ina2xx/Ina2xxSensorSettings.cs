using System.Globalization;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// One INA219/INA226 breakout as a campaign plan or the command line names it. These chips cannot be
/// discovered safely (an INA219 has no ID register), so each one is configured.
/// </summary>
public sealed class Ina2xxSensorSettings
{
    /// <summary><c>ina219</c>, <c>ina226</c> or <c>ina260</c>.</summary>
    public string Chip { get; set; } = "ina219";

    /// <summary>The N of <c>/dev/i2c-N</c> (1 on a Raspberry Pi's GPIO header).</summary>
    public int Bus { get; set; } = 1;

    /// <summary>The 7-bit address, hexadecimal as <c>i2cdetect</c> prints it (<c>0x40</c>).</summary>
    public string Address { get; set; } = "0x40";

    /// <summary>The shunt resistor (0.1 Ω on the common INA219 breakouts, "R100"); ignored for the INA260.</summary>
    public double ShuntOhms { get; set; } = 0.1;

    /// <summary>The largest current expected; sets the resolution (max / 32768); ignored for the INA260.</summary>
    public double MaxCurrentAmps { get; set; } = 3.2;

    /// <summary>What the breakout measures, e.g. <c>5V_IN</c>.</summary>
    public string Rail { get; set; } = "5V_IN";

    /// <summary>
    /// Samples averaged per reading; null for the default (INA219: 16 shunt samples, 8.5 ms;
    /// INA226/INA260: 4). INA219: 1, 2, 4, ... 128 (shunt ADC; the bus ADC stays at one 12-bit sample);
    /// INA226/INA260: 1, 4, 16, 64, 128, 256, 512 or 1024.
    /// </summary>
    public int? Averaging { get; set; }

    /// <summary>INA226/INA260 only: time per bus and per shunt conversion, 140, 204, 332, 588, 1100, 2116, 4156 or 8244 µs; null: 1100.</summary>
    public int? ConversionTimeMicroseconds { get; set; }

    /// <summary>The INA219 configuration these settings ask for.</summary>
    public Ina219Configuration Ina219Configuration()
    {
        if (ConversionTimeMicroseconds is not null)
        {
            throw new FormatException("INA219: \"conversionTimeMicroseconds\" applies to the INA226/INA260 only; the INA219's time follows from \"averaging\" (532 µs per sample).");
        }
        Ina219AdcSetting shunt = Averaging switch
        {
            null => Ina219AdcSetting.Samples16,
            1 => Ina219AdcSetting.Bits12,
            2 => Ina219AdcSetting.Samples2,
            4 => Ina219AdcSetting.Samples4,
            8 => Ina219AdcSetting.Samples8,
            16 => Ina219AdcSetting.Samples16,
            32 => Ina219AdcSetting.Samples32,
            64 => Ina219AdcSetting.Samples64,
            128 => Ina219AdcSetting.Samples128,
            _ => throw new FormatException($"INA219: \"averaging\": {Averaging} is not one of 1, 2, 4, 8, 16, 32, 64, 128."),
        };
        return new Ina219Configuration(ShuntAdc: shunt);
    }

    /// <summary>The INA226/INA260 configuration these settings ask for.</summary>
    public Ina226Configuration Ina226Configuration()
    {
        Ina226Averaging averaging = Averaging switch
        {
            null or 4 => Ina226Averaging.Samples4,
            1 => Ina226Averaging.Samples1,
            16 => Ina226Averaging.Samples16,
            64 => Ina226Averaging.Samples64,
            128 => Ina226Averaging.Samples128,
            256 => Ina226Averaging.Samples256,
            512 => Ina226Averaging.Samples512,
            1024 => Ina226Averaging.Samples1024,
            _ => throw new FormatException($"{Chip}: \"averaging\": {Averaging} is not one of 1, 4, 16, 64, 128, 256, 512, 1024."),
        };
        Ina226ConversionTime time = ConversionTimeMicroseconds switch
        {
            null or 1100 => Ina226ConversionTime.Microseconds1100,
            140 => Ina226ConversionTime.Microseconds140,
            204 => Ina226ConversionTime.Microseconds204,
            332 => Ina226ConversionTime.Microseconds332,
            588 => Ina226ConversionTime.Microseconds588,
            2116 => Ina226ConversionTime.Microseconds2116,
            4156 => Ina226ConversionTime.Microseconds4156,
            8244 => Ina226ConversionTime.Microseconds8244,
            _ => throw new FormatException($"{Chip}: \"conversionTimeMicroseconds\": {ConversionTimeMicroseconds} is not one of 140, 204, 332, 588, 1100, 2116, 4156, 8244."),
        };
        return new Ina226Configuration(averaging, time, time);
    }

    /// <see cref="Address"/> as a 7-bit I2C address; a <see cref="FormatException"/> when it is not one.
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

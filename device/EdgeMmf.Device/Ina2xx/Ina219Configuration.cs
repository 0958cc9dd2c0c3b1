namespace EdgeMmf.Device.Ina2xx;

/// <summary>The INA219 configuration register (datasheet 8.6.2.1), as fields.</summary>
public sealed record Ina219Configuration(
    Ina219BusVoltageRange BusVoltageRange = Ina219BusVoltageRange.Range32Volts,
    Ina219ShuntGain ShuntGain = Ina219ShuntGain.PlusMinus320Millivolts,
    Ina219AdcSetting BusAdc = Ina219AdcSetting.Bits12,
    Ina219AdcSetting ShuntAdc = Ina219AdcSetting.Samples16,
    Ina2xxOperatingMode Mode = Ina2xxOperatingMode.ShuntAndBusContinuous)
{
    /// <summary>RST, bit 15: resets every register to its default.</summary>
    public const ushort ResetBit = 0x8000;

    /// <summary>The register value.</summary>
    public ushort ToRegister() =>
        (ushort)(((ushort)BusVoltageRange << 13) | ((ushort)ShuntGain << 11) | ((ushort)BusAdc << 7) | ((ushort)ShuntAdc << 3) | (ushort)Mode);

    /// <summary>The fields of register value <paramref name="value"/>.</summary>
    public static Ina219Configuration FromRegister(ushort value) => new(
        (Ina219BusVoltageRange)((value >> 13) & 0b1),
        (Ina219ShuntGain)((value >> 11) & 0b11),
        (Ina219AdcSetting)((value >> 7) & 0b1111),
        (Ina219AdcSetting)((value >> 3) & 0b1111),
        (Ina2xxOperatingMode)(value & 0b111));
}

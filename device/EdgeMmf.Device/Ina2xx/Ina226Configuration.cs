namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// The INA226 (and INA260) configuration register (INA226 datasheet 7.6.1): bits 14-12 are fixed at 100.
/// A reading takes Averaging x (bus + shunt conversion time); the defaults give about 8.8 ms.
/// </summary>
public sealed record Ina226Configuration(
    Ina226Averaging Averaging = Ina226Averaging.Samples4,
    Ina226ConversionTime BusConversionTime = Ina226ConversionTime.Microseconds1100,
    Ina226ConversionTime ShuntConversionTime = Ina226ConversionTime.Microseconds1100,
    Ina2xxOperatingMode Mode = Ina2xxOperatingMode.ShuntAndBusContinuous)
{
    /// <summary>RST, bit 15: resets every register to its default.</summary>
    public const ushort ResetBit = 0x8000;

    private const ushort FixedBits = 0b100 << 12;

    /// <summary>The register value (bits 14-12 set to 100).</summary>
    public ushort ToRegister() =>
        (ushort)(FixedBits | ((ushort)Averaging << 9) | ((ushort)BusConversionTime << 6) | ((ushort)ShuntConversionTime << 3) | (ushort)Mode);

    /// <summary>The fields of register value <paramref name="value"/>.</summary>
    public static Ina226Configuration FromRegister(ushort value) => new(
        (Ina226Averaging)((value >> 9) & 0b111),
        (Ina226ConversionTime)((value >> 6) & 0b111),
        (Ina226ConversionTime)((value >> 3) & 0b111),
        (Ina2xxOperatingMode)(value & 0b111));
}

namespace EdgeMmf.Device.Ina2xx;

/// <summary>Status bits of the INA226/INA260 Mask/Enable register (INA226 datasheet 7.6.6).</summary>
/// <param name="ConversionReady">CVRF, bit 3: a conversion finished. Reading Mask/Enable clears it.</param>
/// <param name="MathOverflow">OVF, bit 2: the current or power calculation overflowed.</param>
public readonly record struct Ina226Status(bool ConversionReady, bool MathOverflow)
{
    /// <summary>The CVRF bit of Mask/Enable.</summary>
    public const ushort ConversionReadyBit = 1 << 3;
    /// <summary>The OVF bit of Mask/Enable.</summary>
    public const ushort MathOverflowBit = 1 << 2;

    /// <summary>The status bits of Mask/Enable value <paramref name="value"/>.</summary>
    public static Ina226Status FromRegister(ushort value) => new((value & ConversionReadyBit) != 0, (value & MathOverflowBit) != 0);
}

namespace EdgeMmf.Device.Ina2xx;

/// <summary>The INA219 bus voltage register: the voltage and the two status bits that share it (datasheet 8.6.3.2).</summary>
/// <param name="Millivolts">Bus voltage: bits 15-3 times 4 mV.</param>
/// <param name="ConversionReady">CNVR, bit 1: a conversion finished since the power register was last read.</param>
/// <param name="MathOverflow">OVF, bit 0: the current or power calculation overflowed; those registers are meaningless.</param>
public readonly record struct Ina219BusVoltage(double Millivolts, bool ConversionReady, bool MathOverflow);

namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA219 PG (configuration bits 12-11): the shunt voltage range the programmable gain allows.</summary>
public enum Ina219ShuntGain : ushort
{
    /// <summary>Gain 1: ±40 mV.</summary>
    PlusMinus40Millivolts = 0b00,
    /// <summary>Gain /2: ±80 mV.</summary>
    PlusMinus80Millivolts = 0b01,
    /// <summary>Gain /4: ±160 mV.</summary>
    PlusMinus160Millivolts = 0b10,
    /// <summary>Gain /8: ±320 mV.</summary>
    PlusMinus320Millivolts = 0b11,
}

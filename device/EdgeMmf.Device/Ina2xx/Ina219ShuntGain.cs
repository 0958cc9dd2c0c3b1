namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA219 PG (configuration bits 12-11): the shunt voltage range the programmable gain allows.</summary>
public enum Ina219ShuntGain : ushort
{
    PlusMinus40Millivolts = 0b00,
    PlusMinus80Millivolts = 0b01,
    PlusMinus160Millivolts = 0b10,
    PlusMinus320Millivolts = 0b11,
}

namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA226/INA260 VBUSCT and VSHCT (configuration bits 8-6 and 5-3): time per conversion.</summary>
public enum Ina226ConversionTime : ushort
{
    Microseconds140 = 0b000,
    Microseconds204 = 0b001,
    Microseconds332 = 0b010,
    Microseconds588 = 0b011,
    Microseconds1100 = 0b100,
    Microseconds2116 = 0b101,
    Microseconds4156 = 0b110,
    Microseconds8244 = 0b111,
}

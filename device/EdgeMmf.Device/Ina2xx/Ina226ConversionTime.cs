namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA226/INA260 VBUSCT and VSHCT (configuration bits 8-6 and 5-3): time per conversion.</summary>
public enum Ina226ConversionTime : ushort
{
    /// <summary>140 µs.</summary>
    Microseconds140 = 0b000,
    /// <summary>204 µs.</summary>
    Microseconds204 = 0b001,
    /// <summary>332 µs.</summary>
    Microseconds332 = 0b010,
    /// <summary>588 µs.</summary>
    Microseconds588 = 0b011,
    /// <summary>1.1 ms.</summary>
    Microseconds1100 = 0b100,
    /// <summary>2.116 ms.</summary>
    Microseconds2116 = 0b101,
    /// <summary>4.156 ms.</summary>
    Microseconds4156 = 0b110,
    /// <summary>8.244 ms.</summary>
    Microseconds8244 = 0b111,
}

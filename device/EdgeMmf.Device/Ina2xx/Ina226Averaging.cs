namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA226/INA260 AVG (configuration bits 11-9): samples averaged per reading.</summary>
public enum Ina226Averaging : ushort
{
    Samples1 = 0b000,
    Samples4 = 0b001,
    Samples16 = 0b010,
    Samples64 = 0b011,
    Samples128 = 0b100,
    Samples256 = 0b101,
    Samples512 = 0b110,
    Samples1024 = 0b111,
}

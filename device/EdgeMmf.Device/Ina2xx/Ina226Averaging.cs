namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA226/INA260 AVG (configuration bits 11-9): samples averaged per reading.</summary>
public enum Ina226Averaging : ushort
{
    /// <summary>1 sample.</summary>
    Samples1 = 0b000,
    /// <summary>4 samples.</summary>
    Samples4 = 0b001,
    /// <summary>16 samples.</summary>
    Samples16 = 0b010,
    /// <summary>64 samples.</summary>
    Samples64 = 0b011,
    /// <summary>128 samples.</summary>
    Samples128 = 0b100,
    /// <summary>256 samples.</summary>
    Samples256 = 0b101,
    /// <summary>512 samples.</summary>
    Samples512 = 0b110,
    /// <summary>1024 samples.</summary>
    Samples1024 = 0b111,
}

namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA219 register addresses (datasheet SBOS448G, table 2); dotnet/iot keeps its own copy internal.</summary>
public enum Ina219Register : byte
{
    /// <summary>Configuration (read/write).</summary>
    Configuration = 0x00,
    /// <summary>Shunt voltage (read-only).</summary>
    ShuntVoltage = 0x01,
    /// <summary>Bus voltage (read-only).</summary>
    BusVoltage = 0x02,
    /// <summary>Power (read-only; needs calibration).</summary>
    Power = 0x03,
    /// <summary>Current (read-only; needs calibration).</summary>
    Current = 0x04,
    /// <summary>Calibration (read/write).</summary>
    Calibration = 0x05,
}

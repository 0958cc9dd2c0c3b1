namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA226 register addresses (datasheet SBOS547A, table 2).</summary>
public enum Ina226Register : byte
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
    /// <summary>Mask/Enable: alert configuration and status flags.</summary>
    MaskEnable = 0x06,
    /// <summary>Alert limit.</summary>
    AlertLimit = 0x07,
    /// <summary>Manufacturer ID (0x5449).</summary>
    ManufacturerId = 0xFE,
    /// <summary>Die ID (0x2260).</summary>
    DieId = 0xFF,
}

namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA260 register addresses (datasheet SBOS656C, table 3): no shunt or calibration register (the 2 mΩ shunt is inside).</summary>
public enum Ina260Register : byte
{
    /// <summary>Configuration (read/write).</summary>
    Configuration = 0x00,
    /// <summary>Current (read-only).</summary>
    Current = 0x01,
    /// <summary>Bus voltage (read-only).</summary>
    BusVoltage = 0x02,
    /// <summary>Power (read-only).</summary>
    Power = 0x03,
    /// <summary>Mask/Enable: alert configuration and status flags.</summary>
    MaskEnable = 0x06,
    /// <summary>Alert limit.</summary>
    AlertLimit = 0x07,
    /// <summary>Manufacturer ID (0x5449).</summary>
    ManufacturerId = 0xFE,
    /// <summary>Die ID (0x2270).</summary>
    DieId = 0xFF,
}

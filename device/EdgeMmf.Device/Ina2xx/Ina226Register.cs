namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA226 register addresses (datasheet SBOS547A, table 2).</summary>
public enum Ina226Register : byte
{
    Configuration = 0x00,
    ShuntVoltage = 0x01,
    BusVoltage = 0x02,
    Power = 0x03,
    Current = 0x04,
    Calibration = 0x05,
    MaskEnable = 0x06,
    AlertLimit = 0x07,
    ManufacturerId = 0xFE,
    DieId = 0xFF,
}

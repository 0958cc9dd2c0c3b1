namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA260 register addresses (datasheet SBOS656C, table 3): no shunt or calibration register (the 2 mΩ shunt is inside).</summary>
public enum Ina260Register : byte
{
    Configuration = 0x00,
    Current = 0x01,
    BusVoltage = 0x02,
    Power = 0x03,
    MaskEnable = 0x06,
    AlertLimit = 0x07,
    ManufacturerId = 0xFE,
    DieId = 0xFF,
}

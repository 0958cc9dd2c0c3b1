namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA219 register addresses (datasheet SBOS448G, table 2); dotnet/iot keeps its own copy internal.</summary>
public enum Ina219Register : byte
{
    Configuration = 0x00,
    ShuntVoltage = 0x01,
    BusVoltage = 0x02,
    Power = 0x03,
    Current = 0x04,
    Calibration = 0x05,
}

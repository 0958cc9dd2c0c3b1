namespace EdgeMmf.Device.Ina2xx;

/// <summary>The MODE bits (2-0) of the configuration register, the same on INA219, INA226 and INA260.</summary>
public enum Ina2xxOperatingMode : ushort
{
    PowerDown = 0b000,
    ShuntVoltageTriggered = 0b001,
    BusVoltageTriggered = 0b010,
    ShuntAndBusTriggered = 0b011,
    AdcOff = 0b100,
    ShuntVoltageContinuous = 0b101,
    BusVoltageContinuous = 0b110,
    ShuntAndBusContinuous = 0b111,
}

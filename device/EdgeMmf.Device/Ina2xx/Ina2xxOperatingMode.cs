namespace EdgeMmf.Device.Ina2xx;

/// <summary>The MODE bits (2-0) of the configuration register, the same on INA219, INA226 and INA260.</summary>
public enum Ina2xxOperatingMode : ushort
{
    /// <summary>Power-down: no conversions.</summary>
    PowerDown = 0b000,
    /// <summary>Shunt voltage, one conversion when triggered.</summary>
    ShuntVoltageTriggered = 0b001,
    /// <summary>Bus voltage, one conversion when triggered.</summary>
    BusVoltageTriggered = 0b010,
    /// <summary>Shunt and bus voltage, one conversion each when triggered.</summary>
    ShuntAndBusTriggered = 0b011,
    /// <summary>ADC off (INA219) or power-down (INA226/INA260).</summary>
    AdcOff = 0b100,
    /// <summary>Shunt voltage, continuously.</summary>
    ShuntVoltageContinuous = 0b101,
    /// <summary>Bus voltage, continuously.</summary>
    BusVoltageContinuous = 0b110,
    /// <summary>Shunt and bus voltage, continuously.</summary>
    ShuntAndBusContinuous = 0b111,
}

namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA219 BRNG (configuration bit 13): full-scale bus voltage.</summary>
public enum Ina219BusVoltageRange : ushort
{
    /// <summary>0-16 V.</summary>
    Range16Volts = 0,
    /// <summary>0-32 V.</summary>
    Range32Volts = 1,
}

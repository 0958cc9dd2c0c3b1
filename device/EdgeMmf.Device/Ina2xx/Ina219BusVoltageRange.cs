namespace EdgeMmf.Device.Ina2xx;

/// <summary>INA219 BRNG (configuration bit 13): full-scale bus voltage.</summary>
public enum Ina219BusVoltageRange : ushort
{
    Range16Volts = 0,
    Range32Volts = 1,
}

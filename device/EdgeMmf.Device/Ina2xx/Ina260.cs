using EdgeMmf.Device.I2c;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// Texas Instruments INA260 (datasheet SBOS656C): an INA226 with a precision 2 mΩ shunt inside, so it
/// needs no calibration: current LSB 1.25 mA (±15 A), bus voltage LSB 1.25 mV (0-36 V), power LSB 10 mW.
/// Configuration and Mask/Enable have the INA226's layout. Manufacturer ID 0x5449, die ID 0x2270.
/// </summary>
public sealed class Ina260
{
    public const int DefaultAddress = 0x40;
    public const ushort DieIdIna260 = 0x2270;

    private readonly II2cBus _bus;

    public Ina260(II2cBus bus, int address = DefaultAddress)
    {
        _bus = bus;
        Address = address;
    }

    public int Address { get; }

    public void Reset() => Write(Ina260Register.Configuration, Ina226Configuration.ResetBit);

    public void Configure(Ina226Configuration configuration) => Write(Ina260Register.Configuration, configuration.ToRegister());

    public Ina226Configuration ReadConfiguration() => Ina226Configuration.FromRegister(Read(Ina260Register.Configuration));

    public bool IsIna260() => Read(Ina260Register.ManufacturerId) == Ina226.ManufacturerIdTexasInstruments && Read(Ina260Register.DieId) == DieIdIna260;

    /// <summary>Current in milliamperes: signed register times 1.25 mA.</summary>
    public double ReadCurrentMilliamps() => (short)Read(Ina260Register.Current) * 1.25;

    /// <summary>Bus voltage in millivolts: register times 1.25 mV.</summary>
    public double ReadBusVoltageMillivolts() => Read(Ina260Register.BusVoltage) * 1.25;

    /// <summary>Power in milliwatts: register times 10 mW.</summary>
    public double ReadPowerMilliwatts() => Read(Ina260Register.Power) * 10.0;

    /// <summary>Reads Mask/Enable; this clears CVRF.</summary>
    public Ina226Status ReadStatus() => Ina226Status.FromRegister(Read(Ina260Register.MaskEnable));

    private ushort Read(Ina260Register register) => Ina2xxRegisterAccess.Read(_bus, Address, (byte)register);

    private void Write(Ina260Register register, ushort value) => Ina2xxRegisterAccess.Write(_bus, Address, (byte)register, value);
}

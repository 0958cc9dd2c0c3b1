using System.Device.I2c;
using UnitsNet;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// Texas Instruments INA260 (datasheet SBOS656C): an INA226 with a precision 2 mΩ shunt inside, so it
/// needs no calibration: current LSB 1.25 mA (±15 A), bus voltage LSB 1.25 mV (0-36 V), power LSB 10 mW.
/// Configuration and Mask/Enable have the INA226's layout. Manufacturer ID 0x5449, die ID 0x2270.
/// </summary>
public sealed class Ina260 : IDisposable
{
    public const int DefaultAddress = 0x40;
    public const ushort DieIdIna260 = 0x2270;

    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;

    /// <summary>The chip behind <paramref name="device"/> (address 0x40-0x4F, set by the A0/A1 pins).</summary>
    /// <param name="shouldDispose">Dispose <paramref name="device"/> with this binding.</param>
    public Ina260(I2cDevice device, bool shouldDispose = false)
    {
        _device = device;
        _shouldDispose = shouldDispose;
    }

    public int Address => _device.ConnectionSettings.DeviceAddress;

    public void Reset() => Write(Ina260Register.Configuration, Ina226Configuration.ResetBit);

    public void Configure(Ina226Configuration configuration) => Write(Ina260Register.Configuration, configuration.ToRegister());

    public Ina226Configuration ReadConfiguration() => Ina226Configuration.FromRegister(Read(Ina260Register.Configuration));

    public bool IsIna260() => Read(Ina260Register.ManufacturerId) == Ina226.ManufacturerIdTexasInstruments && Read(Ina260Register.DieId) == DieIdIna260;

    /// <summary>Current: signed register times 1.25 mA.</summary>
    public ElectricCurrent ReadCurrent() => ElectricCurrent.FromMilliamperes((short)Read(Ina260Register.Current) * 1.25);

    /// <summary>Bus voltage: register times 1.25 mV.</summary>
    public ElectricPotential ReadBusVoltage() => ElectricPotential.FromMillivolts(Read(Ina260Register.BusVoltage) * 1.25);

    /// <summary>Power: register times 10 mW.</summary>
    public Power ReadPower() => Power.FromMilliwatts(Read(Ina260Register.Power) * 10.0);

    /// <summary>Reads Mask/Enable; this clears CVRF.</summary>
    public Ina226Status ReadStatus() => Ina226Status.FromRegister(Read(Ina260Register.MaskEnable));

    private ushort Read(Ina260Register register) => Ina2xxRegisterAccess.Read(_device, (byte)register);

    private void Write(Ina260Register register, ushort value) => Ina2xxRegisterAccess.Write(_device, (byte)register, value);

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }
}

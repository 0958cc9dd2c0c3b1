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
    /// <summary>The address with A0 and A1 tied to ground.</summary>
    public const int DefaultAddress = 0x40;
    /// <summary>The die ID register's value on an INA260.</summary>
    public const ushort DieIdIna260 = 0x2270;

    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;

    /// <summary>The chip behind <paramref name="device"/> (address 0x40-0x4F, set by the A0/A1 pins).</summary>
    /// <param name="device">The I2C device at the chip's address.</param>
    /// <param name="shouldDispose">Dispose <paramref name="device"/> with this binding.</param>
    public Ina260(I2cDevice device, bool shouldDispose = false)
    {
        _device = device;
        _shouldDispose = shouldDispose;
    }

    /// <summary>The chip's 7-bit I2C address.</summary>
    public int Address => _device.ConnectionSettings.DeviceAddress;

    /// <summary>Resets every register to its default.</summary>
    public void Reset() => Write(Ina260Register.Configuration, Ina226Configuration.ResetBit);

    /// <summary>Writes <paramref name="configuration"/> to the configuration register.</summary>
    public void Configure(Ina226Configuration configuration) => Write(Ina260Register.Configuration, configuration.ToRegister());

    /// <summary>The configuration register, as fields.</summary>
    public Ina226Configuration ReadConfiguration() => Ina226Configuration.FromRegister(Read(Ina260Register.Configuration));

    /// <summary>True when the ID registers say this is an INA260.</summary>
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

    /// <summary>Disposes the I2C device when this binding owns it.</summary>
    public void Dispose()
    {
        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }
}

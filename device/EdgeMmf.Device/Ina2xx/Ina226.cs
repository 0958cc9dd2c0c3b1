using System.Device.I2c;
using UnitsNet;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// Texas Instruments INA226 current/power monitor (datasheet SBOS547A): 16-bit bus voltage up to 36 V
/// (LSB 1.25 mV), shunt voltage (LSB 2.5 µV); current and power registers need <see cref="Calibrate"/>.
/// Identifies itself: manufacturer ID 0x5449 ("TI"), die ID 0x2260.
/// </summary>
public sealed class Ina226 : IDisposable
{
    /// <summary>The address with A0 and A1 tied to ground.</summary>
    public const int DefaultAddress = 0x40;
    /// <summary>The manufacturer ID register's value on TI parts ("TI").</summary>
    public const ushort ManufacturerIdTexasInstruments = 0x5449;
    /// <summary>The die ID register's value on an INA226.</summary>
    public const ushort DieIdIna226 = 0x2260;

    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;
    private double _currentLsbAmps;

    /// <summary>The chip behind <paramref name="device"/> (address 0x40-0x4F, set by the A0/A1 pins).</summary>
    /// <param name="device">The I2C device at the chip's address.</param>
    /// <param name="shouldDispose">Dispose <paramref name="device"/> with this binding.</param>
    public Ina226(I2cDevice device, bool shouldDispose = false)
    {
        _device = device;
        _shouldDispose = shouldDispose;
    }

    /// <summary>The chip's 7-bit I2C address.</summary>
    public int Address => _device.ConnectionSettings.DeviceAddress;

    /// <summary>Amps per current-register bit; 0 until <see cref="Calibrate"/>.</summary>
    public double CurrentLsbAmps => _currentLsbAmps;

    /// <summary>Resets every register to its default (calibration included).</summary>
    public void Reset()
    {
        Write(Ina226Register.Configuration, Ina226Configuration.ResetBit);
        _currentLsbAmps = 0;
    }

    /// <summary>Writes <paramref name="configuration"/> to the configuration register.</summary>
    public void Configure(Ina226Configuration configuration) => Write(Ina226Register.Configuration, configuration.ToRegister());

    /// <summary>The configuration register, as fields.</summary>
    public Ina226Configuration ReadConfiguration() => Ina226Configuration.FromRegister(Read(Ina226Register.Configuration));

    /// <summary>True when the ID registers say this is an INA226 (an INA219 has none).</summary>
    public bool IsIna226() => Read(Ina226Register.ManufacturerId) == ManufacturerIdTexasInstruments && Read(Ina226Register.DieId) == DieIdIna226;

    /// <summary>
    /// Programs the calibration register (datasheet 7.5, equations 1-2): Current_LSB = max / 2^15,
    /// CAL = trunc(0.00512 / (Current_LSB * R_shunt)), 15 bits. The LSB used afterwards is the one the
    /// truncated CAL really gives, 0.00512 / (CAL * R_shunt).
    /// </summary>
    public void Calibrate(double shuntOhms, double maxExpectedAmps)
    {
        if (shuntOhms <= 0 || maxExpectedAmps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shuntOhms), $"INA226 at 0x{Address:X2}: shunt resistance ({shuntOhms} Ω) and maximum current ({maxExpectedAmps} A) must be positive.");
        }
        double calibration = Math.Floor(0.00512 / (maxExpectedAmps / 32768.0 * shuntOhms));
        if (calibration > 0x7FFF || calibration < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExpectedAmps), $"INA226 at 0x{Address:X2}: a {maxExpectedAmps} A range on a {shuntOhms} Ω shunt needs calibration {calibration}, outside the register's 1..32767; change the maximum current.");
        }
        Write(Ina226Register.Calibration, (ushort)calibration);
        _currentLsbAmps = 0.00512 / (calibration * shuntOhms);
    }

    /// <summary>Shunt voltage: signed register times 2.5 µV.</summary>
    public ElectricPotential ReadShuntVoltage() => ElectricPotential.FromMicrovolts((short)Read(Ina226Register.ShuntVoltage) * 2.5);

    /// <summary>Bus voltage: register times 1.25 mV.</summary>
    public ElectricPotential ReadBusVoltage() => ElectricPotential.FromMillivolts(Read(Ina226Register.BusVoltage) * 1.25);

    /// <summary>Current: signed register times Current_LSB.</summary>
    public ElectricCurrent ReadCurrent() => ElectricCurrent.FromAmperes((short)Read(Ina226Register.Current) * RequireCalibration());

    /// <summary>Power: register times 25 Current_LSB (datasheet equation 4).</summary>
    public Power ReadPower() => Power.FromWatts(Read(Ina226Register.Power) * 25.0 * RequireCalibration());

    /// <summary>Reads Mask/Enable; this clears CVRF.</summary>
    public Ina226Status ReadStatus() => Ina226Status.FromRegister(Read(Ina226Register.MaskEnable));

    private double RequireCalibration() => _currentLsbAmps > 0
        ? _currentLsbAmps
        : throw new InvalidOperationException($"INA226 at 0x{Address:X2}: current and power read zero until Calibrate(shuntOhms, maxExpectedAmps) has been called.");

    private ushort Read(Ina226Register register) => Ina2xxRegisterAccess.Read(_device, (byte)register);

    private void Write(Ina226Register register, ushort value) => Ina2xxRegisterAccess.Write(_device, (byte)register, value);

    /// <summary>Disposes the I2C device when this binding owns it.</summary>
    public void Dispose()
    {
        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }
}

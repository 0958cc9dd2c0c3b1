using System.Device.I2c;
using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Sampling;
using UnitsNet;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// An INA219, INA226 or INA260 as a one-rail <see cref="IPowerSensor"/>, in continuous shunt-and-bus mode.
/// The INA219 goes through dotnet/iot's <see cref="Iot.Device.Adc.Ina219"/> and reports its power register
/// (20 Current_LSB steps: the binding reads current and shunt voltage unsigned, so a product of its two
/// readings would be wrong for reverse current). The INA226/INA260 report bus voltage times current,
/// finer than their power registers. A reading the chip flags as a math overflow is NaN.
/// </summary>
public sealed class Ina2xxPowerSensor : IPowerSensor
{
    private readonly I2cDevice _device;
    private readonly bool _ownsDevice;
    private readonly Iot.Device.Adc.Ina219? _ina219;
    private readonly Ina226? _ina226;
    private readonly Ina260? _ina260;

    /// <summary>Resets, configures and calibrates the chip <paramref name="settings"/> names, behind <paramref name="device"/>.</summary>
    /// <exception cref="PowerSensorException">The chip does not answer, or is not what the settings say.</exception>
    public Ina2xxPowerSensor(Ina2xxSensorSettings settings, I2cDevice device, bool ownsDevice)
    {
        _device = device;
        _ownsDevice = ownsDevice;
        int address = settings.ParseAddress();
        string chip = settings.Chip.Trim().ToLowerInvariant();
        Name = $"{chip}@i2c-{settings.Bus}:0x{address:x2}";
        Rails = [new PowerRail(settings.Rail, RailQuantity.Milliwatts, CountsTowardTotal: true)];
        try
        {
            switch (chip)
            {
                case "ina219":
                    Ina219Configuration configuration = settings.Ina219Configuration();
                    Ina219Calibration calibration = Ina219Calibration.For(settings.ShuntOhms, settings.MaxCurrentAmps, address);
                    _ina219 = new Iot.Device.Adc.Ina219(device);
                    _ina219.Reset();
                    // The configuration register is written whole: Iot.Device.Bindings 4.2.0's
                    // ShuntAdcResolutionOrSamples setter shifts SADC into BADC's bits (Ina219BindingTests shows it).
                    Ina2xxRegisterAccess.Write(device, (byte)Ina219Register.Configuration, configuration.ToRegister());
                    _ina219.SetCalibration(calibration.Register, (float)calibration.CurrentLsbAmps);
                    break;
                case "ina226":
                    _ina226 = new Ina226(device);
                    if (!_ina226.IsIna226())
                    {
                        throw new PowerSensorException($"{Name}: the device at this address does not identify as an INA226 (manufacturer/die ID registers 0xFE/0xFF); check the chip name and address.");
                    }
                    _ina226.Reset();
                    _ina226.Configure(settings.Ina226Configuration());
                    _ina226.Calibrate(settings.ShuntOhms, settings.MaxCurrentAmps);
                    break;
                case "ina260":
                    _ina260 = new Ina260(device);
                    if (!_ina260.IsIna260())
                    {
                        throw new PowerSensorException($"{Name}: the device at this address does not identify as an INA260 (manufacturer/die ID registers 0xFE/0xFF); check the chip name and address.");
                    }
                    _ina260.Reset();
                    _ina260.Configure(settings.Ina226Configuration());
                    break;
                default:
                    throw new PowerSensorException($"INA2xx sensor '{settings.Chip}': unknown chip; use \"ina219\", \"ina226\" or \"ina260\".");
            }
        }
        catch (IOException e)
        {
            throw new PowerSensorException($"{Name}: {Describe(e).Message}", e);
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IReadOnlyList<PowerRail> Rails { get; }

    /// <inheritdoc/>
    public void Read(Span<double> values)
    {
        try
        {
            if (_ina219 is not null)
            {
                Power power = _ina219.ReadPower();
                // OVF, bit 0 of the bus voltage register: the binding does not expose it.
                bool overflow = (Ina2xxRegisterAccess.Read(_device, (byte)Ina219Register.BusVoltage) & 0b1) != 0;
                values[0] = overflow ? double.NaN : (double)power.Milliwatts;
            }
            else if (_ina260 is not null)
            {
                ElectricPotential bus = _ina260.ReadBusVoltage();
                ElectricCurrent current = _ina260.ReadCurrent();
                values[0] = _ina260.ReadStatus().MathOverflow ? double.NaN : bus.Volts * current.Milliamperes;
            }
            else
            {
                ElectricPotential bus = _ina226!.ReadBusVoltage();
                ElectricCurrent current = _ina226.ReadCurrent();
                values[0] = _ina226.ReadStatus().MathOverflow ? double.NaN : bus.Volts * current.Milliamperes;
            }
        }
        catch (IOException e)
        {
            throw new PowerSensorException($"{Name}: {Describe(e).Message}", e);
        }
    }

    private I2cBusException Describe(IOException e) => e as I2cBusException ?? I2cDeviceOpener.TransferFailed(_device, e);

    /// <summary>Disposes the chip binding, and the I2C device when this sensor opened it.</summary>
    public void Dispose()
    {
        _ina219?.Dispose(); // the binding, built from an I2cDevice, leaves the device to us
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }
}

using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// An INA219, INA226 or INA260 as a one-rail <see cref="IPowerSensor"/>, in continuous shunt-and-bus mode.
/// Power is bus voltage times current, computed here from the two registers (finer than the power
/// register's 20 or 25 Current_LSB steps). A reading the chip flags as a math overflow is NaN.
/// </summary>
public sealed class Ina2xxPowerSensor : IPowerSensor
{
    private readonly II2cBus _bus;
    private readonly bool _ownsBus;
    private readonly Ina219? _ina219;
    private readonly Ina226? _ina226;
    private readonly Ina260? _ina260;

    /// <summary>Resets, configures and calibrates the chip <paramref name="settings"/> names on <paramref name="bus"/>.</summary>
    /// <exception cref="PowerSensorException">The chip does not answer, or is not what the settings say.</exception>
    public Ina2xxPowerSensor(Ina2xxSensorSettings settings, II2cBus bus, bool ownsBus)
    {
        _bus = bus;
        _ownsBus = ownsBus;
        int address = settings.ParseAddress();
        string chip = settings.Chip.Trim().ToLowerInvariant();
        Name = $"{chip}@i2c-{settings.Bus}:0x{address:x2}";
        Rails = [new PowerRail(settings.Rail, RailQuantity.Milliwatts, CountsTowardTotal: true)];
        try
        {
            switch (chip)
            {
                case "ina219":
                    _ina219 = new Ina219(bus, address);
                    _ina219.Reset();
                    _ina219.Configure(settings.Ina219Configuration());
                    _ina219.Calibrate(settings.ShuntOhms, settings.MaxCurrentAmps);
                    break;
                case "ina226":
                    _ina226 = new Ina226(bus, address);
                    if (!_ina226.IsIna226())
                    {
                        throw new PowerSensorException($"{Name}: the device at this address does not identify as an INA226 (manufacturer/die ID registers 0xFE/0xFF); check the chip name and address.");
                    }
                    _ina226.Reset();
                    _ina226.Configure(settings.Ina226Configuration());
                    _ina226.Calibrate(settings.ShuntOhms, settings.MaxCurrentAmps);
                    break;
                case "ina260":
                    _ina260 = new Ina260(bus, address);
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
        catch (I2cBusException e)
        {
            throw new PowerSensorException($"{Name}: {e.Message}", e);
        }
    }

    public string Name { get; }

    public IReadOnlyList<PowerRail> Rails { get; }

    public void Read(Span<double> values)
    {
        try
        {
            if (_ina219 is not null)
            {
                Ina219BusVoltage bus = _ina219.ReadBusVoltage();
                double milliamps = _ina219.ReadCurrentMilliamps();
                values[0] = bus.MathOverflow ? double.NaN : bus.Millivolts * milliamps / 1000.0;
            }
            else if (_ina260 is not null)
            {
                double millivolts = _ina260.ReadBusVoltageMillivolts();
                double milliamps = _ina260.ReadCurrentMilliamps();
                values[0] = _ina260.ReadStatus().MathOverflow ? double.NaN : millivolts * milliamps / 1000.0;
            }
            else
            {
                double millivolts = _ina226!.ReadBusVoltageMillivolts();
                double milliamps = _ina226.ReadCurrentMilliamps();
                values[0] = _ina226.ReadStatus().MathOverflow ? double.NaN : millivolts * milliamps / 1000.0;
            }
        }
        catch (I2cBusException e)
        {
            throw new PowerSensorException($"{Name}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_ownsBus)
        {
            _bus.Dispose();
        }
    }
}

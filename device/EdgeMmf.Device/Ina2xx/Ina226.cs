using EdgeMmf.Device.I2c;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// Texas Instruments INA226 current/power monitor (datasheet SBOS547A): 16-bit bus voltage up to 36 V
/// (LSB 1.25 mV), shunt voltage (LSB 2.5 µV); current and power registers need <see cref="Calibrate"/>.
/// Identifies itself: manufacturer ID 0x5449 ("TI"), die ID 0x2260.
/// </summary>
public sealed class Ina226
{
    public const int DefaultAddress = 0x40;
    public const ushort ManufacturerIdTexasInstruments = 0x5449;
    public const ushort DieIdIna226 = 0x2260;

    private readonly II2cBus _bus;
    private double _currentLsbAmps;

    public Ina226(II2cBus bus, int address = DefaultAddress)
    {
        _bus = bus;
        Address = address;
    }

    public int Address { get; }

    public double CurrentLsbAmps => _currentLsbAmps;

    public void Reset()
    {
        Write(Ina226Register.Configuration, Ina226Configuration.ResetBit);
        _currentLsbAmps = 0;
    }

    public void Configure(Ina226Configuration configuration) => Write(Ina226Register.Configuration, configuration.ToRegister());

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

    /// <summary>Shunt voltage in microvolts: signed register times 2.5 µV.</summary>
    public double ReadShuntVoltageMicrovolts() => (short)Read(Ina226Register.ShuntVoltage) * 2.5;

    /// <summary>Bus voltage in millivolts: register times 1.25 mV.</summary>
    public double ReadBusVoltageMillivolts() => Read(Ina226Register.BusVoltage) * 1.25;

    public double ReadCurrentMilliamps() => (short)Read(Ina226Register.Current) * RequireCalibration() * 1000.0;

    /// <summary>Power in milliwatts: register times 25 Current_LSB (datasheet equation 4).</summary>
    public double ReadPowerMilliwatts() => Read(Ina226Register.Power) * 25.0 * RequireCalibration() * 1000.0;

    /// <summary>Reads Mask/Enable; this clears CVRF.</summary>
    public Ina226Status ReadStatus() => Ina226Status.FromRegister(Read(Ina226Register.MaskEnable));

    private double RequireCalibration() => _currentLsbAmps > 0
        ? _currentLsbAmps
        : throw new InvalidOperationException($"INA226 at 0x{Address:X2}: current and power read zero until Calibrate(shuntOhms, maxExpectedAmps) has been called.");

    private ushort Read(Ina226Register register) => Ina2xxRegisterAccess.Read(_bus, Address, (byte)register);

    private void Write(Ina226Register register, ushort value) => Ina2xxRegisterAccess.Write(_bus, Address, (byte)register, value);
}

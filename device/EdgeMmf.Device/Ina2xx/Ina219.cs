using EdgeMmf.Device.I2c;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// Texas Instruments INA219 current/power monitor (datasheet SBOS448G): 12-bit bus voltage up to 26 V
/// (LSB 4 mV) and shunt voltage (LSB 10 µV); current and power registers need <see cref="Calibrate"/>.
/// </summary>
public sealed class Ina219
{
    public const int DefaultAddress = 0x40;

    private readonly II2cBus _bus;
    private double _currentLsbAmps;

    public Ina219(II2cBus bus, int address = DefaultAddress)
    {
        _bus = bus;
        Address = address;
    }

    public int Address { get; }

    /// <summary>The current register's LSB in amperes once calibrated (0 before).</summary>
    public double CurrentLsbAmps => _currentLsbAmps;

    /// <summary>Sets RST: every register returns to its power-on default (configuration 0x399F, calibration 0).</summary>
    public void Reset()
    {
        Write(Ina219Register.Configuration, Ina219Configuration.ResetBit);
        _currentLsbAmps = 0;
    }

    public void Configure(Ina219Configuration configuration) => Write(Ina219Register.Configuration, configuration.ToRegister());

    public Ina219Configuration ReadConfiguration() => Ina219Configuration.FromRegister(Read(Ina219Register.Configuration));

    /// <summary>
    /// Programs the calibration register for a shunt of <paramref name="shuntOhms"/> and currents up to
    /// <paramref name="maxExpectedAmps"/> (datasheet 8.5.1, equations 1-3):
    /// Current_LSB = max / 2^15, Cal = trunc(0.04096 / (Current_LSB * R_shunt)), bit 0 always clear.
    /// The LSB used afterwards is the one the truncated Cal really gives, 0.04096 / (Cal * R_shunt).
    /// </summary>
    public void Calibrate(double shuntOhms, double maxExpectedAmps)
    {
        if (shuntOhms <= 0 || maxExpectedAmps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shuntOhms), $"INA219 at 0x{Address:X2}: shunt resistance ({shuntOhms} Ω) and maximum current ({maxExpectedAmps} A) must be positive.");
        }
        double requestedLsb = maxExpectedAmps / 32768.0;
        double calibration = Math.Floor(0.04096 / (requestedLsb * shuntOhms));
        if (calibration > 0xFFFE)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExpectedAmps), $"INA219 at 0x{Address:X2}: a {maxExpectedAmps} A range on a {shuntOhms} Ω shunt needs calibration {calibration}, above the register's 65534; raise the maximum current.");
        }
        ushort register = (ushort)((ushort)calibration & 0xFFFE);
        if (register == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExpectedAmps), $"INA219 at 0x{Address:X2}: a {maxExpectedAmps} A range on a {shuntOhms} Ω shunt gives calibration 0; lower the maximum current.");
        }
        Write(Ina219Register.Calibration, register);
        _currentLsbAmps = 0.04096 / (register * shuntOhms);
    }

    /// <summary>Shunt voltage in microvolts: signed register times 10 µV.</summary>
    public double ReadShuntVoltageMicrovolts() => (short)Read(Ina219Register.ShuntVoltage) * 10.0;

    public Ina219BusVoltage ReadBusVoltage()
    {
        ushort value = Read(Ina219Register.BusVoltage);
        return new Ina219BusVoltage((value >> 3) * 4.0, (value & 0b10) != 0, (value & 0b1) != 0);
    }

    /// <summary>Current in milliamperes: signed register times Current_LSB.</summary>
    public double ReadCurrentMilliamps() => (short)Read(Ina219Register.Current) * RequireCalibration() * 1000.0;

    /// <summary>Power in milliwatts: register times 20 Current_LSB (datasheet equation 3). Reading it clears CNVR.</summary>
    public double ReadPowerMilliwatts() => Read(Ina219Register.Power) * 20.0 * RequireCalibration() * 1000.0;

    private double RequireCalibration() => _currentLsbAmps > 0
        ? _currentLsbAmps
        : throw new InvalidOperationException($"INA219 at 0x{Address:X2}: current and power read zero until Calibrate(shuntOhms, maxExpectedAmps) has been called.");

    private ushort Read(Ina219Register register) => Ina2xxRegisterAccess.Read(_bus, Address, (byte)register);

    private void Write(Ina219Register register, ushort value) => Ina2xxRegisterAccess.Write(_bus, Address, (byte)register, value);
}

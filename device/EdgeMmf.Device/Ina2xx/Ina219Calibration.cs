namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// The INA219 calibration register for a shunt and a current range (datasheet SBOS448G 8.5.1, equations 1-3):
/// Current_LSB = max / 2^15, Cal = trunc(0.04096 / (Current_LSB * R_shunt)), bit 0 always clear. The LSB used
/// afterwards is the one the truncated Cal really gives, 0.04096 / (Cal * R_shunt). dotnet/iot's
/// <see cref="Iot.Device.Adc.Ina219.SetCalibration"/> takes both numbers but leaves this arithmetic to the caller.
/// </summary>
public readonly record struct Ina219Calibration(ushort Register, double CurrentLsbAmps)
{
    /// <summary>The calibration for <paramref name="shuntOhms"/> and a range up to <paramref name="maxExpectedAmps"/>; <paramref name="address"/> names the chip in errors.</summary>
    public static Ina219Calibration For(double shuntOhms, double maxExpectedAmps, int address)
    {
        if (shuntOhms <= 0 || maxExpectedAmps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shuntOhms), $"INA219 at 0x{address:X2}: shunt resistance ({shuntOhms} Ω) and maximum current ({maxExpectedAmps} A) must be positive.");
        }
        double calibration = Math.Floor(0.04096 / (maxExpectedAmps / 32768.0 * shuntOhms));
        if (calibration > 0xFFFE)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExpectedAmps), $"INA219 at 0x{address:X2}: a {maxExpectedAmps} A range on a {shuntOhms} Ω shunt needs calibration {calibration}, above the register's 65534; raise the maximum current.");
        }
        ushort register = (ushort)((ushort)calibration & 0xFFFE);
        if (register == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExpectedAmps), $"INA219 at 0x{address:X2}: a {maxExpectedAmps} A range on a {shuntOhms} Ω shunt gives calibration 0; lower the maximum current.");
        }
        return new Ina219Calibration(register, 0.04096 / (register * shuntOhms));
    }
}

using System.Device.I2c;

namespace EdgeMmf.Device.I2c;

/// <summary>
/// Opens a chip on <c>/dev/i2c-N</c> through System.Device.Gpio's <see cref="I2cDevice.Create"/>, turning the
/// library's bare "Can not open I2C device file" into a one-line fix: enable the bus, or join the i2c group.
/// </summary>
public static class I2cDeviceOpener
{
    /// <summary>The chip at <paramref name="address"/> on <c>/dev/i2c-<paramref name="busId"/></c>; a failure is an <see cref="I2cBusException"/> saying what to fix.</summary>
    public static I2cDevice Open(int busId, int address)
    {
        if (address is < 0x03 or > 0x77)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, "A 7-bit I2C device address lies between 0x03 and 0x77.");
        }
        string path = $"/dev/i2c-{busId}"; // where the library opens it
        if (!File.Exists(path))
        {
            throw new I2cBusException($"Cannot open I2C bus '{path}': the bus is not enabled: on a Raspberry Pi add `dtparam=i2c_arm=on` to /boot/firmware/config.txt (or `sudo raspi-config` > Interface Options > I2C) and reboot; check `ls /dev/i2c-*` and `sudo modprobe i2c-dev`.");
        }
        try
        {
            return I2cDevice.Create(new I2cConnectionSettings(busId, address));
        }
        catch (IOException e)
        {
            throw new I2cBusException($"Cannot open I2C bus '{path}' ({e.Message}): permission denied? add yourself to the i2c group (`sudo usermod -aG i2c $USER`, then log in again) or run as root.", e);
        }
    }

    /// <summary>The one-line message for a transfer that failed on <paramref name="device"/>.</summary>
    public static I2cBusException TransferFailed(I2cDevice device, IOException e)
    {
        I2cConnectionSettings s = device.ConnectionSettings;
        return new I2cBusException(
            $"I2C transfer to 0x{s.DeviceAddress:X2} on '/dev/i2c-{s.BusId}' failed ({e.Message}): no device acknowledged? check wiring (SDA, SCL, VCC, GND) and the address (`i2cdetect -y {s.BusId}` lists what answers).", e);
    }
}

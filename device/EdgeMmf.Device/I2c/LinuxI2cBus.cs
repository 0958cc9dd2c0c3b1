using System.Runtime.InteropServices;

namespace EdgeMmf.Device.I2c;

/// <summary>
/// An I2C bus through Linux's i2c-dev (Documentation/i2c/dev-interface.rst): <c>/dev/i2c-N</c>,
/// transfers as I2C_RDWR ioctls so a register pointer write and the read that follows share one
/// transaction (repeated start), as INA2xx reads require. Needs <c>dtparam=i2c_arm=on</c> on a
/// Raspberry Pi and membership of the <c>i2c</c> group (or root).
/// </summary>
public sealed unsafe class LinuxI2cBus : II2cBus
{
    private int _fd;

    private LinuxI2cBus(string path, int fd)
    {
        DevicePath = path;
        _fd = fd;
    }

    /// <summary>The character device, e.g. <c>/dev/i2c-1</c>.</summary>
    public string DevicePath { get; }

    /// <summary>Opens <c>{devRoot}/i2c-{busNumber}</c>.</summary>
    /// <exception cref="I2cBusException">The device file is missing or not accessible; the message says how to enable it.</exception>
    public static LinuxI2cBus Open(int busNumber, string devRoot = "/dev")
    {
        string path = Path.Combine(devRoot, $"i2c-{busNumber}");
        int fd = LinuxI2cNative.Open(path, LinuxI2cNative.OpenReadWrite | LinuxI2cNative.OpenCloseOnExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string fix = errno switch
            {
                LinuxI2cNative.NoSuchFile => "the bus is not enabled: on a Raspberry Pi add `dtparam=i2c_arm=on` to /boot/firmware/config.txt (or `sudo raspi-config` > Interface Options > I2C) and reboot; check `ls /dev/i2c-*` and `sudo modprobe i2c-dev`",
                LinuxI2cNative.PermissionDenied => "permission denied: add yourself to the i2c group (`sudo usermod -aG i2c $USER`, then log in again) or run as root",
                _ => "see `man 2 open`",
            };
            throw new I2cBusException($"Cannot open I2C bus '{path}' (errno {errno}): {fix}.", errno);
        }
        return new LinuxI2cBus(path, fd);
    }

    public void Write(int address, ReadOnlySpan<byte> data)
    {
        fixed (byte* buffer = data)
        {
            I2cMessage message = Message(address, 0, buffer, data.Length);
            Transfer(&message, 1, address);
        }
    }

    public void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        fixed (byte* writeBuffer = write)
        fixed (byte* readBuffer = read)
        {
            I2cMessage* messages = stackalloc I2cMessage[2];
            messages[0] = Message(address, 0, writeBuffer, write.Length);
            messages[1] = Message(address, I2cMessage.ReadFlag, readBuffer, read.Length);
            Transfer(messages, 2, address);
        }
    }

    private static I2cMessage Message(int address, ushort flags, byte* buffer, int length)
    {
        if (address is < 0x03 or > 0x77)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, "A 7-bit I2C device address lies between 0x03 and 0x77.");
        }
        return new I2cMessage { Address = (ushort)address, Flags = flags, Length = checked((ushort)length), Buffer = buffer };
    }

    private void Transfer(I2cMessage* messages, uint count, int address)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var data = new I2cReadWriteIoctlData { Messages = messages, MessageCount = count };
        if (LinuxI2cNative.Ioctl(_fd, LinuxI2cNative.I2cReadWrite, &data) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string why = errno is LinuxI2cNative.NoSuchDevice or LinuxI2cNative.RemoteIo
                ? "no device acknowledged: check wiring (SDA, SCL, VCC, GND) and the address (`i2cdetect -y` lists what answers)"
                : "the transfer failed";
            throw new I2cBusException($"I2C transfer to 0x{address:X2} on '{DevicePath}' failed (errno {errno}): {why}.", errno);
        }
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            LinuxI2cNative.Close(_fd);
            _fd = -1;
        }
    }
}

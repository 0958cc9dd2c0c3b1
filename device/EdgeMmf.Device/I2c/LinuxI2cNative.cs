using System.Runtime.InteropServices;

namespace EdgeMmf.Device.I2c;

/// <summary>The libc calls and i2c-dev constants <see cref="LinuxI2cBus"/> needs (linux/i2c-dev.h).</summary>
internal static unsafe partial class LinuxI2cNative
{
    /// <summary>I2C_SLAVE: set the address later plain read()/write() calls use.</summary>
    public const nuint I2cSlave = 0x0703;

    /// <summary>I2C_RDWR: a combined transfer of several messages with repeated starts.</summary>
    public const nuint I2cReadWrite = 0x0707;

    public const int OpenReadWrite = 2; // O_RDWR
    public const int OpenCloseOnExec = 0x80000; // O_CLOEXEC (same value on x86-64 and arm64)

    public const int NoSuchFile = 2; // ENOENT
    public const int PermissionDenied = 13; // EACCES
    public const int NoSuchDevice = 6; // ENXIO: nothing acknowledged the address
    public const int RemoteIo = 121; // EREMOTEIO: the device sent NACK mid-transfer

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);
}

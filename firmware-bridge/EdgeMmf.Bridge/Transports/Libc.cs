using System.Runtime.InteropServices;

namespace EdgeMmf.Bridge.Transports;

/// <summary>The libc calls the XDMA transport needs (mmap of its register BAR); SPI goes through System.Device.Gpio.</summary>
internal static unsafe partial class Libc
{
    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;
    public static readonly nint MapFailed = -1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint address, nuint length);
}

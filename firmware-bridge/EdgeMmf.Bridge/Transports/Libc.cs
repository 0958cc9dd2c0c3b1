using System.Runtime.InteropServices;

namespace EdgeMmf.Bridge.Transports;

/// <summary>The few libc calls the Linux transports need (ioctl for spidev, mmap for the XDMA register BAR).</summary>
internal static unsafe partial class Libc
{
    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;
    public static readonly nint MapFailed = -1;

    // int ioctl(int fd, unsigned long request, ...): the request is an unsigned long on LP64 Linux.
    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint address, nuint length);
}

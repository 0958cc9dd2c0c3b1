namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// ioctl request numbers as include/uapi/asm-generic/ioctl.h builds them (used by x86-64, arm and
/// arm64; mips, powerpc and sparc lay the bits out differently and are not supported):
/// dir in bits 31..30 (write = 1, read = 2), size in 29..16 (14 bits), type in 15..8, number in 7..0.
/// </summary>
public static class LinuxIoctl
{
    public const int NumberShift = 0;
    public const int TypeShift = 8;
    public const int SizeShift = 16;
    public const int SizeBits = 14;
    public const int DirectionShift = 30;
    public const uint DirectionWrite = 1;
    public const uint DirectionRead = 2;

    /// <summary>_IOC(dir, type, nr, size).</summary>
    public static uint Encode(uint direction, byte type, byte number, int size)
    {
        if ((uint)size >= 1u << SizeBits) throw new ArgumentOutOfRangeException(nameof(size), size, "ioctl argument sizes have 14 bits");
        return (direction << DirectionShift) | ((uint)size << SizeShift) | ((uint)type << TypeShift) | ((uint)number << NumberShift);
    }

    /// <summary>_IOW(type, nr, size): the caller writes an argument of <paramref name="size"/> bytes to the kernel.</summary>
    public static uint Write(byte type, byte number, int size) => Encode(DirectionWrite, type, number, size);

    /// <summary>_IOR(type, nr, size).</summary>
    public static uint Read(byte type, byte number, int size) => Encode(DirectionRead, type, number, size);
}

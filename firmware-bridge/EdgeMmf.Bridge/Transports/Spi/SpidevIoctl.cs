namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>spidev's ioctl requests (include/uapi/linux/spi/spidev.h), built with <see cref="LinuxIoctl"/>.</summary>
public static class SpidevIoctl
{
    /// <summary>SPI_IOC_MAGIC.</summary>
    public const byte Magic = (byte)'k';
    public const int TransferBytes = 32;

    public static readonly uint WriteMode = LinuxIoctl.Write(Magic, 1, sizeof(byte));          // SPI_IOC_WR_MODE
    public static readonly uint ReadMode = LinuxIoctl.Read(Magic, 1, sizeof(byte));            // SPI_IOC_RD_MODE
    public static readonly uint WriteBitsPerWord = LinuxIoctl.Write(Magic, 3, sizeof(byte));   // SPI_IOC_WR_BITS_PER_WORD
    public static readonly uint WriteMaxSpeedHz = LinuxIoctl.Write(Magic, 4, sizeof(uint));    // SPI_IOC_WR_MAX_SPEED_HZ

    /// <summary>SPI_MSGSIZE(N): N transfers' bytes, or 0 when that does not fit the 14-bit size field.</summary>
    public static int MessageSize(int transfers) =>
        transfers * TransferBytes < 1 << LinuxIoctl.SizeBits ? transfers * TransferBytes : 0;

    /// <summary>SPI_IOC_MESSAGE(N) = _IOW('k', 0, char[SPI_MSGSIZE(N)]).</summary>
    public static uint Message(int transfers) => LinuxIoctl.Write(Magic, 0, MessageSize(transfers));
}

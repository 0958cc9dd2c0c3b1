namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>The spidev ioctls the transport issues: the seam tests use to check marshalling and chunking.</summary>
public interface ISpidevFile : IDisposable
{
    /// <summary>SPI_IOC_WR_MODE, SPI_IOC_WR_BITS_PER_WORD and SPI_IOC_WR_MAX_SPEED_HZ.</summary>
    void Configure(byte mode, byte bitsPerWord, uint speedHz);

    /// <summary>SPI_IOC_MESSAGE(1) with one transfer.</summary>
    void Transfer(in SpiIocTransfer transfer);
}

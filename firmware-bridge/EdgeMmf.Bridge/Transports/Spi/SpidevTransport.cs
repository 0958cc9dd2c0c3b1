namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// The bridge over Linux spidev, host as SPI master. SPI clocks both ways at once, so the
/// protocol runs half-duplex on it: <see cref="Write"/> clocks a frame out (incoming bytes are
/// idle fill and discarded), <see cref="Read"/> clocks zeros out and returns what the FPGA shifts
/// back: idle bytes (0x00) until its response is ready, which the frame receiver skips while it
/// hunts for the magic. Transfers are split to the driver's bufsiz. Chip select may toggle between
/// chunks; the FPGA's frame parser must treat the byte stream as continuous across it.
/// </summary>
public sealed unsafe class SpidevTransport : IBridgeTransport
{
    private readonly ISpidevFile _file;
    private readonly uint _speedHz;
    private readonly int _chunkBytes;

    public SpidevTransport(ISpidevFile file, uint speedHz, int bufferSize, string description, byte mode = 0, byte bitsPerWord = 8)
    {
        if (bufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "spidev bufsiz must be positive");
        _file = file;
        _speedHz = speedHz;
        _chunkBytes = bufferSize;
        Description = description;
        _file.Configure(mode, bitsPerWord, speedHz);
    }

    /// <summary>Opens <paramref name="path"/> in SPI mode 0, 8-bit words, at <paramref name="speedHz"/>.</summary>
    public static SpidevTransport Open(string path, uint speedHz) =>
        new(new SpidevFile(path), speedHz, SpidevBufferSize.Read(), $"spi:{path}@{speedHz}");

    public string Description { get; }
    public int ChunkBytes => _chunkBytes;

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* source = data)
        {
            for (int offset = 0; offset < data.Length; offset += _chunkBytes)
            {
                int length = Math.Min(_chunkBytes, data.Length - offset);
                _file.Transfer(Describe(source + offset, null, length));
            }
        }
    }

    /// <summary>One transfer of up to bufsiz bytes; never times out, since the master always clocks something in.</summary>
    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        int length = Math.Min(_chunkBytes, buffer.Length);
        if (length == 0) return 0;
        fixed (byte* destination = buffer)
            _file.Transfer(Describe(null, destination, length));
        return length;
    }

    /// <summary>Nothing is buffered: bytes exist only while the master clocks them.</summary>
    public void DiscardPendingInput() { }

    /// <summary>Fills one spi_ioc_transfer; zero fields mean "device defaults" to the kernel.</summary>
    internal SpiIocTransfer Describe(byte* tx, byte* rx, int length) => new()
    {
        TxBuffer = (ulong)(nuint)tx,
        RxBuffer = (ulong)(nuint)rx,
        Length = (uint)length,
        SpeedHz = _speedHz,
        BitsPerWord = 8,
    };

    public void Dispose() => _file.Dispose();
}

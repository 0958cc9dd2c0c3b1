using System.Device.Spi;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// The bridge over Linux spidev through System.Device.Gpio's <see cref="SpiDevice"/>, host as SPI master.
/// SPI clocks both ways at once, so the protocol runs half-duplex on it: <see cref="Write"/> clocks a frame
/// out (incoming bytes are idle fill and discarded), <see cref="Read"/> clocks zeros out and returns what the
/// FPGA shifts back: idle bytes (0x00) until its response is ready, which the frame receiver skips while it
/// hunts for the magic. Transfers are split to the driver's bufsiz (one larger SPI_IOC_MESSAGE fails with
/// EMSGSIZE, and the library does not split). Chip select may toggle between chunks; the FPGA's frame parser
/// must treat the byte stream as continuous across it. With <see cref="BridgeGpioLines"/>, the board is reset
/// on connect and on <see cref="ResetDevice"/>, and reads wait for the ready interrupt instead of polling.
/// </summary>
public sealed class SpidevTransport : IBridgeTransport, IResettableBridgeTransport
{
    private readonly SpiDevice _device;
    private readonly int _chunkBytes;
    private readonly BridgeGpioLines? _lines;

    /// <summary>
    /// The bridge over <paramref name="device"/>, which it owns, in transfers of at most <paramref name="bufferSize"/> bytes;
    /// pulses reset at once when <paramref name="lines"/> has a reset line.
    /// </summary>
    /// <param name="device">An SPI device configured as <see cref="SpidevPath.Settings"/> describes.</param>
    /// <param name="bufferSize">spidev's bufsiz (<see cref="SpidevBufferSize.Read"/>); must be positive.</param>
    /// <param name="description">The link's name in messages, e.g. <c>spi:/dev/spidev0.0@30000000</c>.</param>
    /// <param name="lines">The optional reset and interrupt lines, owned by the transport from now on.</param>
    public SpidevTransport(SpiDevice device, int bufferSize, string description, BridgeGpioLines? lines = null)
    {
        if (bufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "spidev bufsiz must be positive");
        _device = device;
        _chunkBytes = bufferSize;
        _lines = lines;
        Description = description;
        _lines?.PulseReset();
    }

    /// <summary>Opens <paramref name="path"/> (<c>/dev/spidevB.C</c>) in SPI mode 0, 8-bit words, at <paramref name="speedHz"/>.</summary>
    public static SpidevTransport Open(string path, int speedHz, BridgeGpioLines? lines = null)
    {
        SpiConnectionSettings settings = SpidevPath.Settings(path, speedHz);
        if (!File.Exists(path))
        {
            lines?.Dispose();
            throw new BridgeDisconnectedException($"{path}: no such device. Enable SPI (Raspberry Pi: dtparam=spi=on) and add the user to the spi group.");
        }
        return new SpidevTransport(SpiDevice.Create(settings), SpidevBufferSize.Read(), $"spi:{path}@{speedHz}", lines);
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>
    /// Largest single SPI transfer (bufsiz): Write splits into transfers of this size, Read makes one of at most this size.
    /// </summary>
    public int ChunkBytes => _chunkBytes;

    /// <summary>The SPI device's bus, chip select, clock, mode and word settings.</summary>
    public SpiConnectionSettings Settings => _device.ConnectionSettings;

    /// <summary>Clocks <paramref name="data"/> out in transfers of <see cref="ChunkBytes"/>; the bytes clocked in are dropped.</summary>
    /// <exception cref="BridgeDisconnectedException">A transfer failed (e.g. EMSGSIZE beyond bufsiz).</exception>
    public void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            for (int offset = 0; offset < data.Length; offset += _chunkBytes)
                _device.Write(data.Slice(offset, Math.Min(_chunkBytes, data.Length - offset)));
        }
        catch (IOException e)
        {
            throw Disconnected(e);
        }
    }

    /// <summary>
    /// One transfer of up to bufsiz bytes. Without an interrupt line it never times out, since the master always
    /// clocks something in; with one, it returns 0 when the line did not rise within <paramref name="timeoutMilliseconds"/>.
    /// </summary>
    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        int length = Math.Min(_chunkBytes, buffer.Length);
        if (length == 0) return 0;
        if (_lines is not null && !_lines.WaitForInterrupt(timeoutMilliseconds)) return 0;
        try
        {
            _device.Read(buffer[..length]);
        }
        catch (IOException e)
        {
            throw Disconnected(e);
        }
        return length;
    }

    /// <summary>Nothing is buffered: bytes exist only while the master clocks them.</summary>
    public void DiscardPendingInput() { }

    /// <summary>Pulses the reset line when there is one; true if it did.</summary>
    public bool ResetDevice()
    {
        if (_lines is not { HasReset: true }) return false;
        _lines.PulseReset();
        return true;
    }

    private BridgeDisconnectedException Disconnected(IOException e) =>
        new($"{Description}: SPI transfer failed ({e.Message}); a transfer larger than /sys/module/spidev/parameters/bufsiz fails with EMSGSIZE.", e);

    /// <summary>Closes the SPI device and the lines.</summary>
    public void Dispose()
    {
        _device.Dispose();
        _lines?.Dispose();
    }
}

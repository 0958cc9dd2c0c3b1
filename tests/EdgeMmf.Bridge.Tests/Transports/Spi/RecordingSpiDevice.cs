using System.Device.Spi;

namespace EdgeMmf.Bridge.Tests.Transports.Spi;

/// <summary>
/// The SPI peer as System.Device.Gpio's <see cref="SpiDevice"/>: records each transfer the transport clocks
/// (what it sent, how long each read was) and answers reads with <see cref="Fill"/>, or fails like a gone device.
/// </summary>
internal sealed class RecordingSpiDevice(SpiConnectionSettings settings) : SpiDevice
{
    public RecordingSpiDevice() : this(new SpiConnectionSettings(0, 0)) { }

    public override SpiConnectionSettings ConnectionSettings { get; } = settings;
    public List<byte[]> Sent { get; } = [];
    public List<int> Reads { get; } = [];
    public byte Fill { get; set; } = 0x5A;
    public bool Gone { get; set; }
    public bool Disposed { get; private set; }

    public override byte ReadByte() => throw new NotSupportedException();

    public override void Read(Span<byte> buffer)
    {
        if (Gone) throw new IOException("Error 19 performing SPI data transfer.");
        Reads.Add(buffer.Length);
        buffer.Fill(Fill);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Gone) throw new IOException("Error 19 performing SPI data transfer.");
        Sent.Add(buffer.ToArray());
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException("the bridge runs half-duplex");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

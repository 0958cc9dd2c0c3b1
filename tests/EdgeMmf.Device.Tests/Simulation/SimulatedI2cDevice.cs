using System.Device.I2c;

namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>One address on a <see cref="SimulatedI2cBus"/>, as the <see cref="I2cDevice"/> the device classes receive.</summary>
internal sealed class SimulatedI2cDevice(SimulatedI2cBus bus, int busId, int address) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings { get; } = new(busId, address);

    public bool Disposed { get; private set; }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override void Read(Span<byte> buffer) => bus.Device(address).Read(buffer);

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer) => bus.Device(address).Write(buffer);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ISimulatedI2cDevice device = bus.Device(address);
        device.Write(writeBuffer);
        device.Read(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

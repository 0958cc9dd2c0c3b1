using EdgeMmf.Device.I2c;

namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>An I2C bus in memory: devices by address; an address nobody answers fails like a NACK (ENXIO) does on Linux.</summary>
internal sealed class SimulatedI2cBus : II2cBus
{
    private readonly Dictionary<int, ISimulatedI2cDevice> _devices = [];

    public SimulatedI2cBus Attach(int address, ISimulatedI2cDevice device)
    {
        _devices[address] = device;
        return this;
    }

    public void Detach(int address) => _devices.Remove(address);

    public bool Disposed { get; private set; }

    public void Write(int address, ReadOnlySpan<byte> data) => Device(address).Write(data);

    public void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        ISimulatedI2cDevice device = Device(address);
        device.Write(write);
        device.Read(read);
    }

    private ISimulatedI2cDevice Device(int address) =>
        _devices.TryGetValue(address, out ISimulatedI2cDevice? device)
            ? device
            : throw new I2cBusException($"I2C transfer to 0x{address:X2} on the simulated bus failed (errno 6): no device acknowledged.", 6);

    public void Dispose() => Disposed = true;
}

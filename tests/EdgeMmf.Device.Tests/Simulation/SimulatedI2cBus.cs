namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// An I2C bus in memory: register files by address. <see cref="CreateDevice"/> hands out System.Device.Gpio
/// <see cref="System.Device.I2c.I2cDevice"/>s, as <c>I2cBus.CreateDevice</c> does on a board.
/// </summary>
internal sealed class SimulatedI2cBus
{
    private readonly Dictionary<int, ISimulatedI2cDevice> _devices = [];

    public SimulatedI2cBus Attach(int address, ISimulatedI2cDevice device)
    {
        _devices[address] = device;
        return this;
    }

    public void Detach(int address) => _devices.Remove(address);

    public SimulatedI2cDevice CreateDevice(int address, int busId = 1) => new(this, busId, address);

    /// <summary>The device at <paramref name="address"/>; nobody there fails as a NACK does on Linux (ENXIO), in the library's words.</summary>
    public ISimulatedI2cDevice Device(int address) =>
        _devices.TryGetValue(address, out ISimulatedI2cDevice? device)
            ? device
            : throw new IOException("Error 6 (No such device or address) performing I2C data transfer.");
}

namespace EdgeMmf.Device.I2c;

/// <summary>
/// An I2C bus, the seam between device classes (<see cref="Ina2xx.Ina219"/>, <see cref="Ina2xx.Ina226"/>)
/// and the hardware: <see cref="LinuxI2cBus"/> on a board, a simulated bus in tests.
/// </summary>
public interface II2cBus : IDisposable
{
    /// <summary>Writes <paramref name="data"/> to the device at 7-bit <paramref name="address"/> in one transaction.</summary>
    /// <exception cref="I2cBusException">The device did not acknowledge, or the bus failed.</exception>
    void Write(int address, ReadOnlySpan<byte> data);

    /// <summary>Writes <paramref name="write"/> then, after a repeated start, reads <paramref name="read"/>.Length bytes.</summary>
    /// <exception cref="I2cBusException">The device did not acknowledge, or the bus failed.</exception>
    void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read);
}

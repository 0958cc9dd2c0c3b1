namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// The I2C framing the TI INA2xx chips share (the "writing to and reading from" sections of SBOS448G, SBOS547A,
/// SBOS656C): a write's first byte sets the register pointer and two more bytes, MSB first, write that register;
/// a read returns the pointed register, MSB first. Each simulated chip supplies its register semantics.
/// </summary>
internal abstract class SimulatedInaRegisterFile : ISimulatedI2cDevice
{
    private byte _pointer;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return;
        _pointer = data[0];
        if (data.Length >= 3) WriteRegister(_pointer, (ushort)((data[1] << 8) | data[2]));
    }

    public void Read(Span<byte> data)
    {
        ushort value = ReadRegister(_pointer);
        data[0] = (byte)(value >> 8);
        if (data.Length > 1) data[1] = (byte)value;
    }

    protected abstract void WriteRegister(byte pointer, ushort value);

    /// <summary>The register's value; side effects of reading it (clearing a ready flag) happen here.</summary>
    protected abstract ushort ReadRegister(byte pointer);
}

namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>A device on the simulated bus: receives written bytes, answers reads.</summary>
internal interface ISimulatedI2cDevice
{
    void Write(ReadOnlySpan<byte> data);

    void Read(Span<byte> data);
}

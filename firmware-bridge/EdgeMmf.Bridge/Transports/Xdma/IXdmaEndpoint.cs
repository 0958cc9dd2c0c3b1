namespace EdgeMmf.Bridge.Transports.Xdma;

/// <summary>An XDMA card as the transport sees it: two DMA channels and a register window (the seam tests fake).</summary>
public interface IXdmaEndpoint : IDisposable
{
    /// <summary>Host-to-card DMA (H2C) of <paramref name="data"/> to card address <paramref name="cardAddress"/>.</summary>
    void WriteToCard(ReadOnlySpan<byte> data, long cardAddress);
    /// <summary>Card-to-host DMA (C2H) into <paramref name="data"/> from <paramref name="cardAddress"/>.</summary>
    void ReadFromCard(Span<byte> data, long cardAddress);
    /// <summary>A 32-bit read of the user-BAR register at byte <paramref name="offset"/> (<see cref="XdmaRegisters"/>).</summary>
    uint ReadRegister(int offset);
    /// <summary>A 32-bit write of <paramref name="value"/> to the user-BAR register at byte <paramref name="offset"/>.</summary>
    void WriteRegister(int offset, uint value);
}

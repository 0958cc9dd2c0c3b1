namespace EdgeMmf.Bridge.Transports.Xdma;

/// <summary>
/// The bridge mailbox in the card's user BAR (AXI-Lite, 32-bit registers; docs/bridge-protocol.md,
/// "PCIe / XDMA"). The host DMAs a request frame to <see cref="RequestAddress"/> over H2C, rings
/// <see cref="RequestLength"/>, polls <see cref="ResponseLength"/> until it is non-zero, DMAs that
/// many bytes from <see cref="ResponseAddress"/> over C2H and writes <see cref="ResponseAck"/>.
/// </summary>
public static class XdmaRegisters
{
    /// <summary>Read-only: <see cref="IdentityValue"/>.</summary>
    public const int Identity = 0x00;
    /// <summary>Read-only: card (AXI) address of the request buffer.</summary>
    public const int RequestAddress = 0x04;
    /// <summary>Read-only: card (AXI) address of the response buffer.</summary>
    public const int ResponseAddress = 0x08;
    /// <summary>Read-only: size in bytes of each buffer.</summary>
    public const int WindowBytes = 0x0C;
    /// <summary>Write: length of the request frame just DMA'd; writing starts processing (doorbell).</summary>
    public const int RequestLength = 0x10;
    /// <summary>Read: length of the ready response frame, 0 while none is ready.</summary>
    public const int ResponseLength = 0x14;
    /// <summary>Write 1: the host has read the response; the card clears ResponseLength.</summary>
    public const int ResponseAck = 0x18;

    /// <summary>0xEDB1 (the frame magic) in the high half, protocol version in the low half.</summary>
    public const uint IdentityValue = 0xEDB1_0000 | Protocol.FrameLayout.ProtocolVersion;

    /// <summary>Bytes of the user BAR the transport maps.</summary>
    public const int MappedBytes = 4096;
}

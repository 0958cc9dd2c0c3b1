namespace EdgeMmf.Bridge.Transports;

/// <summary>
/// A byte link between host and device (spidev, XDMA, a socket to the device model). Frames are
/// self-delimiting (Protocol/FrameLayout.cs), so a transport only moves bytes. Implementations
/// must not allocate in <see cref="Write"/> or <see cref="Read"/>.
/// </summary>
public interface IBridgeTransport : IDisposable
{
    /// <summary>What this link is, for messages (e.g. <c>spi:/dev/spidev0.0@30000000</c>).</summary>
    string Description { get; }

    /// <summary>Sends every byte; throws <see cref="Errors.BridgeDisconnectedException"/> if the link is gone.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>
    /// Receives at least one byte into <paramref name="buffer"/> and returns the count, or returns 0
    /// when nothing arrived within <paramref name="timeoutMilliseconds"/>. Throws
    /// <see cref="Errors.BridgeDisconnectedException"/> when the peer has closed the link.
    /// </summary>
    int Read(Span<byte> buffer, int timeoutMilliseconds);

    /// <summary>Drops bytes already received but not read (before a retry, so a half frame cannot pollute the next).</summary>
    void DiscardPendingInput();
}

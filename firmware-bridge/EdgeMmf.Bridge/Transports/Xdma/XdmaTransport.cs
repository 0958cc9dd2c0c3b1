using System.Diagnostics;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Transports.Xdma;

/// <summary>
/// The bridge over PCIe with Xilinx XDMA: each <see cref="Write"/> is one whole request frame
/// (the client always writes frames whole), DMA'd to the card's request buffer followed by the
/// doorbell; <see cref="Read"/> polls the response-length register, DMAs the response frame into
/// a host buffer once and hands it out. Register map: <see cref="XdmaRegisters"/>.
/// </summary>
public sealed class XdmaTransport : IBridgeTransport
{
    private readonly IXdmaEndpoint _card;
    private readonly long _requestAddress;
    private readonly long _responseAddress;
    private readonly byte[] _response;
    private int _pendingStart;
    private int _pendingEnd;

    /// <summary>
    /// The bridge over <paramref name="card"/>, which it owns: checks the identity register and reads the request and
    /// response buffer addresses and size from the mailbox.
    /// </summary>
    /// <param name="card">The card's DMA channels and registers (<see cref="XdmaCharacterDevices"/>, or a fake in tests).</param>
    /// <param name="description">The link's name in messages, e.g. <c>xdma:/dev/xdma0</c>.</param>
    /// <exception cref="BridgeVersionException">
    /// The identity register is not <see cref="XdmaRegisters.IdentityValue"/>: another bitstream or protocol version.
    /// </exception>
    public XdmaTransport(IXdmaEndpoint card, string description)
    {
        _card = card;
        Description = description;
        uint identity = card.ReadRegister(XdmaRegisters.Identity);
        if (identity != XdmaRegisters.IdentityValue)
            throw new BridgeVersionException($"{description}: identity register reads 0x{identity:X8}, expected 0x{XdmaRegisters.IdentityValue:X8}; is the EdgeMmf bridge bitstream loaded?");
        _requestAddress = card.ReadRegister(XdmaRegisters.RequestAddress);
        _responseAddress = card.ReadRegister(XdmaRegisters.ResponseAddress);
        _response = new byte[card.ReadRegister(XdmaRegisters.WindowBytes)];
    }

    /// <summary>Opens <c>PREFIX_h2c_0</c>, <c>PREFIX_c2h_0</c> and <c>PREFIX_user</c> (e.g. prefix /dev/xdma0).</summary>
    public static XdmaTransport Open(string prefix) => new(new XdmaCharacterDevices(prefix), $"xdma:{prefix}");

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>DMAs one whole request frame to the request buffer and rings the doorbell (writes its length).</summary>
    /// <exception cref="BridgeException">The frame is larger than the card's buffer.</exception>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length > _response.Length)
            throw new BridgeException($"{Description}: a {data.Length}-byte frame exceeds the card's {_response.Length}-byte request window.");
        _card.WriteToCard(data, _requestAddress);
        _card.WriteRegister(XdmaRegisters.RequestLength, (uint)data.Length);
    }

    /// <summary>
    /// Hands out the rest of the last response; when none is left, polls the response length up to
    /// <paramref name="timeoutMilliseconds"/>, DMAs the response and acknowledges it. 0 on timeout.
    /// </summary>
    /// <exception cref="BridgeException">The card reports a response larger than its buffer.</exception>
    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        if (_pendingStart == _pendingEnd && !FetchResponse(timeoutMilliseconds)) return 0;
        int count = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
        _response.AsSpan(_pendingStart, count).CopyTo(buffer);
        _pendingStart += count;
        return count;
    }

    /// <summary>Drops what is left of the last response fetched.</summary>
    public void DiscardPendingInput() => _pendingStart = _pendingEnd = 0;

    private bool FetchResponse(int timeoutMilliseconds)
    {
        long deadline = Stopwatch.GetTimestamp() + timeoutMilliseconds * Stopwatch.Frequency / 1000;
        var spinner = new SpinWait();
        uint length;
        while ((length = _card.ReadRegister(XdmaRegisters.ResponseLength)) == 0)
        {
            if (Stopwatch.GetTimestamp() >= deadline) return false;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        if (length > _response.Length)
            throw new BridgeException($"{Description}: the card reports a {length}-byte response, beyond its {_response.Length}-byte window.");
        _card.ReadFromCard(_response.AsSpan(0, (int)length), _responseAddress);
        _card.WriteRegister(XdmaRegisters.ResponseAck, 1);
        _pendingStart = 0;
        _pendingEnd = (int)length;
        return true;
    }

    /// <summary>Disposes the card endpoint.</summary>
    public void Dispose() => _card.Dispose();
}

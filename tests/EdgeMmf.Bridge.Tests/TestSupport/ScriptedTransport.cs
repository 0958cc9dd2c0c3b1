using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Transports;

namespace EdgeMmf.Bridge.Tests.TestSupport;

/// <summary>
/// A link whose incoming bytes are scripted: each Read returns the next queued piece (or 0, a
/// timeout, when none is queued); writes are recorded, and <see cref="OnWrite"/> may answer them.
/// </summary>
internal sealed class ScriptedTransport : IBridgeTransport
{
    private readonly Queue<byte[]> _incoming = new();

    public string Description => "scripted";
    public List<byte[]> Written { get; } = [];
    public Action<byte[]>? OnWrite { get; set; }
    public bool Closed { get; set; }

    public void Enqueue(params byte[][] pieces)
    {
        foreach (byte[] piece in pieces) _incoming.Enqueue(piece);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        byte[] copy = data.ToArray();
        Written.Add(copy);
        OnWrite?.Invoke(copy);
    }

    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        if (_incoming.Count == 0)
        {
            if (Closed) throw new BridgeDisconnectedException("scripted: closed");
            return 0;
        }
        byte[] piece = _incoming.Peek();
        int count = Math.Min(piece.Length, buffer.Length);
        piece.AsSpan(0, count).CopyTo(buffer);
        _incoming.Dequeue();
        if (count < piece.Length) _incoming.Enqueue(piece[count..]); // rare in tests: pieces fit
        return count;
    }

    public void DiscardPendingInput() { }

    public void Dispose() => Closed = true;
}

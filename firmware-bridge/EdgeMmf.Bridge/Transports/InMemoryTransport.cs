using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Transports;

/// <summary>
/// Two connected in-process endpoints (a duplex pipe in memory), for tests and for running the
/// device model on a thread of the same process. Not for production links: it uses a monitor.
/// </summary>
public sealed class InMemoryTransport : IBridgeTransport
{
    private readonly ByteQueue _incoming;
    private readonly ByteQueue _outgoing;

    private InMemoryTransport(ByteQueue incoming, ByteQueue outgoing, string description)
    {
        _incoming = incoming;
        _outgoing = outgoing;
        Description = description;
    }

    /// <summary><c>memory:host</c> or <c>memory:device</c>.</summary>
    public string Description { get; }

    /// <summary>Creates a host end and a device end joined back to back.</summary>
    public static (InMemoryTransport Host, InMemoryTransport Device) CreatePair()
    {
        var toDevice = new ByteQueue();
        var toHost = new ByteQueue();
        return (new InMemoryTransport(toHost, toDevice, "memory:host"), new InMemoryTransport(toDevice, toHost, "memory:device"));
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (!_outgoing.TryEnqueue(data)) throw new BridgeDisconnectedException($"{Description}: the other end closed the link.");
    }

    /// <summary>Takes what is queued, waiting up to <paramref name="timeoutMilliseconds"/> for the first byte; 0 on timeout.</summary>
    /// <exception cref="BridgeDisconnectedException">Either end was disposed and nothing is left to read.</exception>
    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        int read = _incoming.Dequeue(buffer, timeoutMilliseconds, out bool closed);
        if (read == 0 && closed) throw new BridgeDisconnectedException($"{Description}: the other end closed the link.");
        return read;
    }

    /// <inheritdoc/>
    public void DiscardPendingInput() => _incoming.Clear();

    /// <summary>Closes both directions: writes at either end fail from then on, and reads once the queued bytes are taken.</summary>
    public void Dispose()
    {
        _incoming.Close();
        _outgoing.Close();
    }

    /// <summary>A growable byte ring guarded by a monitor.</summary>
    private sealed class ByteQueue
    {
        private readonly object _gate = new();
        private byte[] _ring = new byte[1 << 16];
        private int _head;
        private int _count;
        private bool _closed;

        public bool TryEnqueue(ReadOnlySpan<byte> data)
        {
            lock (_gate)
            {
                if (_closed) return false;
                if (_count + data.Length > _ring.Length) Grow(_count + data.Length);
                int tail = (_head + _count) % _ring.Length;
                int first = Math.Min(data.Length, _ring.Length - tail);
                data[..first].CopyTo(_ring.AsSpan(tail));
                data[first..].CopyTo(_ring);
                _count += data.Length;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        public int Dequeue(Span<byte> destination, int timeoutMilliseconds, out bool closed)
        {
            lock (_gate)
            {
                long deadline = Environment.TickCount64 + timeoutMilliseconds;
                while (_count == 0 && !_closed)
                {
                    long remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0 || !Monitor.Wait(_gate, (int)remaining)) break;
                }
                closed = _closed;
                int take = Math.Min(destination.Length, _count);
                int first = Math.Min(take, _ring.Length - _head);
                _ring.AsSpan(_head, first).CopyTo(destination);
                _ring.AsSpan(0, take - first).CopyTo(destination[first..]);
                _head = (_head + take) % _ring.Length;
                _count -= take;
                return take;
            }
        }

        public void Clear()
        {
            lock (_gate) { _head = 0; _count = 0; }
        }

        public void Close()
        {
            lock (_gate) { _closed = true; Monitor.PulseAll(_gate); }
        }

        private void Grow(int needed)
        {
            var bigger = new byte[Math.Max(needed, _ring.Length * 2)];
            int first = Math.Min(_count, _ring.Length - _head);
            _ring.AsSpan(_head, first).CopyTo(bigger);
            _ring.AsSpan(0, _count - first).CopyTo(bigger.AsSpan(first));
            _ring = bigger;
            _head = 0;
        }
    }
}

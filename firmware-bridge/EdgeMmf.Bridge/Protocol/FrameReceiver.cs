using System.Diagnostics;
using EdgeMmf.Bridge.Transports;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// Reassembles frames from a byte link into one preallocated buffer. It hunts for the magic,
/// trusts a header only when its CRC matches (a corrupt length never makes it wait for bytes
/// that are not coming), and skips garbage one byte at a time, which is how it resynchronises
/// after dropped or corrupted bytes and skips SPI idle bytes. Allocation-free.
/// </summary>
public sealed class FrameReceiver
{
    private readonly byte[] _buffer;
    private readonly int _maxPayloadBytes;
    private int _start;
    private int _end;
    private int _payloadStart;
    private int _payloadLength;

    /// <summary>
    /// A receiver for frames of at most <paramref name="maxPayloadBytes"/> of payload; a header announcing more is treated as corrupt.
    /// </summary>
    public FrameReceiver(int maxPayloadBytes)
    {
        _maxPayloadBytes = maxPayloadBytes;
        // One whole frame plus room for the next frame's start after compaction.
        _buffer = new byte[FrameLayout.FrameBytes(maxPayloadBytes) + 4096];
    }

    /// <summary>The payload limit given at construction.</summary>
    public int MaxPayloadBytes => _maxPayloadBytes;

    /// <summary>Bytes skipped while hunting for a frame start (garbage, idle bytes, corrupt headers).</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>Bytes received and not yet consumed (a partial frame or garbage).</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>The payload of the frame the last <see cref="Receive"/> returned; valid until the next call.</summary>
    public ReadOnlySpan<byte> Payload => new(_buffer, _payloadStart, _payloadLength);

    /// <summary>Receives the next frame, or reports a payload CRC error or a timeout at <paramref name="deadline"/> (Stopwatch ticks).</summary>
    public ReceiveOutcome Receive(IBridgeTransport link, long deadline, out FrameHeader header)
    {
        while (true)
        {
            if (TryTakeFrame(out header, out bool payloadOk))
                return payloadOk ? ReceiveOutcome.Frame : ReceiveOutcome.PayloadCrcError;

            long remainingTicks = deadline - Stopwatch.GetTimestamp();
            if (remainingTicks <= 0) return ReceiveOutcome.Timeout;
            Compact();
            int timeoutMs = (int)Math.Min(int.MaxValue, (remainingTicks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
            _end += link.Read(_buffer.AsSpan(_end), timeoutMs);
        }
    }

    /// <summary>Forgets everything buffered (before a retry).</summary>
    public void Clear()
    {
        DiscardedBytes += _end - _start;
        _start = _end = 0;
    }

    /// <summary>Gives up on a partial frame that stopped arriving: skips its first byte and hunts again.</summary>
    public void SkipStalledFrame()
    {
        if (_end > _start) { _start++; DiscardedBytes++; }
    }

    private bool TryTakeFrame(out FrameHeader header, out bool payloadOk)
    {
        header = default;
        payloadOk = false;
        while (_end - _start >= 2)
        {
            if (_buffer[_start] != FrameLayout.Magic0 || _buffer[_start + 1] != FrameLayout.Magic1)
            {
                _start++;
                DiscardedBytes++;
                continue;
            }
            if (_end - _start < FrameLayout.HeaderBytes) return false;
            if (!FrameCodec.TryReadHeader(_buffer.AsSpan(_start, FrameLayout.HeaderBytes), _maxPayloadBytes, out header))
            {
                _start++; // a false magic or a corrupt header: resynchronise on the next byte
                DiscardedBytes++;
                continue;
            }
            int frameBytes = header.FrameBytes;
            if (_end - _start < frameBytes) return false;
            payloadOk = FrameCodec.PayloadCrcMatches(_buffer.AsSpan(_start, frameBytes), header.PayloadLength);
            _payloadStart = _start + FrameLayout.HeaderBytes;
            _payloadLength = header.PayloadLength;
            _start += frameBytes;
            return true;
        }
        if (_end - _start == 1 && _buffer[_start] != FrameLayout.Magic0)
        {
            _start++;
            DiscardedBytes++;
        }
        return false;
    }

    private void Compact()
    {
        if (_start == 0) return;
        if (_start == _end) { _start = _end = 0; return; }
        // Only move when the tail cannot take the rest of a maximal frame.
        if (_buffer.Length - _end >= FrameLayout.FrameBytes(_maxPayloadBytes)) return;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
    }
}

using System.Buffers.Binary;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// Writes and checks frame headers and trailers in caller-owned buffers (<see cref="FrameLayout"/>).
/// Senders build the payload in place at offset <see cref="FrameLayout.HeaderBytes"/> and then
/// <see cref="Seal"/> the frame, so the per-token path copies nothing and allocates nothing.
/// </summary>
public static class FrameCodec
{
    /// <summary>Writes header and trailer around a payload already at <c>frame[16 .. 16 + payloadLength)</c>; returns the frame length.</summary>
    public static int Seal(Span<byte> frame, MessageType type, FrameFlags flags, ushort sequence, BridgeStatus status, int payloadLength)
    {
        int total = FrameLayout.FrameBytes(payloadLength);
        if (payloadLength < 0 || frame.Length < total)
            throw new ArgumentException($"A frame with a {payloadLength}-byte payload needs {total} bytes; the buffer has {frame.Length}.", nameof(frame));
        frame[0] = FrameLayout.Magic0;
        frame[1] = FrameLayout.Magic1;
        frame[FrameLayout.TypeOffset] = (byte)type;
        frame[FrameLayout.FlagsOffset] = (byte)flags;
        BinaryPrimitives.WriteUInt16LittleEndian(frame[FrameLayout.SequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[FrameLayout.StatusOffset..], (ushort)status);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[FrameLayout.LengthOffset..], (uint)payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[FrameLayout.HeaderCrcOffset..], Crc32C.Compute(frame[..FrameLayout.HeaderCrcOffset]));
        uint payloadCrc = Crc32C.Compute(frame.Slice(FrameLayout.HeaderBytes, payloadLength));
        BinaryPrimitives.WriteUInt32LittleEndian(frame[(FrameLayout.HeaderBytes + payloadLength)..], payloadCrc);
        return total;
    }

    /// <summary>Copies <paramref name="payload"/> after the header and seals the frame; for tests and non-hot paths.</summary>
    public static int Encode(Span<byte> frame, MessageType type, FrameFlags flags, ushort sequence, BridgeStatus status, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(frame[FrameLayout.HeaderBytes..]);
        return Seal(frame, type, flags, sequence, status, payload.Length);
    }

    /// <summary>
    /// Decodes a header if the magic and header CRC match and the length is at most
    /// <paramref name="maxPayloadBytes"/>; a false return means "not a frame start".
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, int maxPayloadBytes, out FrameHeader decoded)
    {
        decoded = default;
        if (header.Length < FrameLayout.HeaderBytes || header[0] != FrameLayout.Magic0 || header[1] != FrameLayout.Magic1)
            return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[FrameLayout.HeaderCrcOffset..]) != Crc32C.Compute(header[..FrameLayout.HeaderCrcOffset]))
            return false;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[FrameLayout.LengthOffset..]);
        if (length > (uint)maxPayloadBytes) return false;
        decoded = new FrameHeader(
            (MessageType)header[FrameLayout.TypeOffset],
            (FrameFlags)header[FrameLayout.FlagsOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(header[FrameLayout.SequenceOffset..]),
            (BridgeStatus)BinaryPrimitives.ReadUInt16LittleEndian(header[FrameLayout.StatusOffset..]),
            (int)length);
        return true;
    }

    /// <summary>Whether the trailer of a complete frame matches its payload.</summary>
    public static bool PayloadCrcMatches(ReadOnlySpan<byte> frame, int payloadLength)
    {
        ReadOnlySpan<byte> payload = frame.Slice(FrameLayout.HeaderBytes, payloadLength);
        return BinaryPrimitives.ReadUInt32LittleEndian(frame[(FrameLayout.HeaderBytes + payloadLength)..]) == Crc32C.Compute(payload);
    }
}

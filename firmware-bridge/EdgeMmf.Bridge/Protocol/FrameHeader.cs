namespace EdgeMmf.Bridge.Protocol;

/// <summary>The decoded header of a received frame (<see cref="FrameLayout"/>).</summary>
/// <param name="Type">Byte 2; a response carries its request's type.</param>
/// <param name="Flags">Byte 3.</param>
/// <param name="Sequence">Bytes 4-5: chosen by the host per request; a response echoes it.</param>
/// <param name="Status">Bytes 6-7: 0 in requests and successful responses.</param>
/// <param name="PayloadLength">Bytes 8-11: payload bytes between header and trailer.</param>
public readonly record struct FrameHeader(MessageType Type, FrameFlags Flags, ushort Sequence, BridgeStatus Status, int PayloadLength)
{
    /// <summary>Whether <see cref="FrameFlags.Response"/> is set: the frame came from the device.</summary>
    public bool IsResponse => (Flags & FrameFlags.Response) != 0;

    /// <summary>Whether <see cref="FrameFlags.Error"/> is set: <see cref="Status"/> says why and the payload is a UTF-8 message.</summary>
    public bool IsError => (Flags & FrameFlags.Error) != 0;

    /// <summary>Length of the whole frame on the link: header, payload and trailer.</summary>
    public int FrameBytes => FrameLayout.FrameBytes(PayloadLength);
}

namespace EdgeMmf.Bridge.Protocol;

/// <summary>The decoded header of a received frame (<see cref="FrameLayout"/>).</summary>
public readonly record struct FrameHeader(MessageType Type, FrameFlags Flags, ushort Sequence, BridgeStatus Status, int PayloadLength)
{
    public bool IsResponse => (Flags & FrameFlags.Response) != 0;
    public bool IsError => (Flags & FrameFlags.Error) != 0;
    public int FrameBytes => FrameLayout.FrameBytes(PayloadLength);
}

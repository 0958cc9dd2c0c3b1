namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// Byte layout of one bridge frame (docs/bridge-protocol.md, "Framing"); all fields little-endian.
/// <code>
///   0   2  magic 0xED 0xB1        resynchronisation marker
///   2   1  message type           <see cref="MessageType"/>
///   3   1  flags                  <see cref="FrameFlags"/>
///   4   2  sequence number        a response echoes its request's
///   6   2  status                 <see cref="BridgeStatus"/>; 0 in requests
///   8   4  payload length L       bytes between header and trailer
///  12   4  header CRC-32C         over bytes 0..11, so a corrupt length is never trusted
///  16   L  payload
///  16+L 4  payload CRC-32C        over the payload alone
/// </code>
/// </summary>
public static class FrameLayout
{
    /// <summary>First byte of every frame.</summary>
    public const byte Magic0 = 0xED;
    /// <summary>Second byte of every frame.</summary>
    public const byte Magic1 = 0xB1;
    /// <summary>Offset of the u8 <see cref="MessageType"/>.</summary>
    public const int TypeOffset = 2;
    /// <summary>Offset of the u8 <see cref="FrameFlags"/>.</summary>
    public const int FlagsOffset = 3;
    /// <summary>Offset of the u16 sequence number.</summary>
    public const int SequenceOffset = 4;
    /// <summary>Offset of the u16 <see cref="BridgeStatus"/>.</summary>
    public const int StatusOffset = 6;
    /// <summary>Offset of the u32 payload length.</summary>
    public const int LengthOffset = 8;
    /// <summary>Offset of the u32 CRC-32C over bytes 0..11.</summary>
    public const int HeaderCrcOffset = 12;
    /// <summary>Header length; the payload starts here.</summary>
    public const int HeaderBytes = 16;
    /// <summary>Trailer length: the payload CRC-32C after the payload.</summary>
    public const int TrailerBytes = 4;
    /// <summary>Bytes a frame adds to its payload (header and trailer).</summary>
    public const int OverheadBytes = HeaderBytes + TrailerBytes;

    /// <summary>The protocol version this build speaks; both ends must agree (see Hello).</summary>
    public const ushort ProtocolVersion = 1;

    /// <summary>Length of a frame that carries <paramref name="payloadBytes"/> of payload.</summary>
    public static int FrameBytes(int payloadBytes) => OverheadBytes + payloadBytes;
}

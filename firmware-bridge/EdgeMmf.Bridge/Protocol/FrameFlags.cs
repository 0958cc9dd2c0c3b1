namespace EdgeMmf.Bridge.Protocol;

[Flags]
public enum FrameFlags : byte
{
    None = 0,
    /// <summary>Sent by the device in answer to a request.</summary>
    Response = 1 << 0,
    /// <summary>The request failed; the status says why and the payload is a UTF-8 message.</summary>
    Error = 1 << 1,
}

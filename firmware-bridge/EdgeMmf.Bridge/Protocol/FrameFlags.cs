namespace EdgeMmf.Bridge.Protocol;

/// <summary>The flags byte of a frame header (offset 3, <see cref="FrameLayout.FlagsOffset"/>).</summary>
[Flags]
public enum FrameFlags : byte
{
    /// <summary>A request from the host.</summary>
    None = 0,
    /// <summary>Sent by the device in answer to a request.</summary>
    Response = 1 << 0,
    /// <summary>The request failed; the status says why and the payload is a UTF-8 message.</summary>
    Error = 1 << 1,
}

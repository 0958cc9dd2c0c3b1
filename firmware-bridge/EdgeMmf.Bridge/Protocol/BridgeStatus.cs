namespace EdgeMmf.Bridge.Protocol;

/// <summary>Outcome codes a device returns in a response header (docs/bridge-protocol.md, "Status codes").</summary>
public enum BridgeStatus : ushort
{
    /// <summary>Success; also the value of the status field in every request.</summary>
    Ok = 0,
    /// <summary>The request's payload CRC did not match; the host resends with the same sequence number.</summary>
    CrcError = 1,
    /// <summary>The message type is none of <see cref="MessageType"/>.</summary>
    UnknownMessage = 2,
    /// <summary>The payload length does not match what its own header describes (or is shorter than the fixed part).</summary>
    BadLength = 3,
    /// <summary>Hello carried a protocol version other than the device's; the error message names both.</summary>
    VersionMismatch = 4,
    /// <summary>UploadWeights named a slot at or beyond <see cref="DeviceCapabilities.ResidentSlots"/>.</summary>
    SlotOutOfRange = 5,
    /// <summary>
    /// Rows or columns beyond the device's maxima, a Run with more matrices or vectors than it takes, or results
    /// that would not fit one response frame: send fewer vectors.
    /// </summary>
    TooLarge = 6,
    /// <summary>Resident weight memory is full.</summary>
    OutOfCapacity = 7,
    /// <summary>Run named a slot whose weights are not (completely) uploaded.</summary>
    NotResident = 8,
    /// <summary>
    /// An upload's total bytes are not rows x TQ2_0 row bytes, a later chunk does not continue the upload in its slot,
    /// or a shared-activation Run names matrices of different column counts.
    /// </summary>
    ShapeMismatch = 9,
    /// <summary>A packing format, result format or activation layout the device does not offer.</summary>
    UnsupportedFormat = 10,
    /// <summary>An upload chunk arrived beyond the bytes received so far.</summary>
    OutOfOrder = 11,
    /// <summary>A command other than Hello before the first Hello of a connection.</summary>
    NoSession = 12,
}

namespace EdgeMmf.Bridge.Protocol;

/// <summary>Outcome codes a device returns in a response header (docs/bridge-protocol.md, "Status codes").</summary>
public enum BridgeStatus : ushort
{
    Ok = 0,
    /// <summary>The request's payload CRC did not match; the host resends with the same sequence number.</summary>
    CrcError = 1,
    UnknownMessage = 2,
    BadLength = 3,
    VersionMismatch = 4,
    SlotOutOfRange = 5,
    /// <summary>Rows or columns exceed the device's maximum dimensions.</summary>
    TooLarge = 6,
    /// <summary>Resident weight memory is full.</summary>
    OutOfCapacity = 7,
    /// <summary>Run named a slot whose weights are not (completely) uploaded.</summary>
    NotResident = 8,
    ShapeMismatch = 9,
    UnsupportedFormat = 10,
    /// <summary>An upload chunk arrived beyond the bytes received so far.</summary>
    OutOfOrder = 11,
    /// <summary>A command other than Hello before the first Hello of a connection.</summary>
    NoSession = 12,
}

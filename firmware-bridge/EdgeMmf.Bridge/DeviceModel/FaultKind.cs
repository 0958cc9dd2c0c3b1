namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>Link faults the device model can inject into the frames it sends (docs/bridge-protocol.md, "Fault injection").</summary>
public enum FaultKind
{
    /// <summary>Leave bytes out of the middle of the frame: the host waits for them, times out and retries.</summary>
    Drop,
    /// <summary>Flip a bit of the payload CRC: the host sees a CRC error and retries at once.</summary>
    Crc,
    /// <summary>Hold the response back longer than the host's timeout, then send it.</summary>
    Stall,
    /// <summary>Close the link instead of answering.</summary>
    Disconnect,
}

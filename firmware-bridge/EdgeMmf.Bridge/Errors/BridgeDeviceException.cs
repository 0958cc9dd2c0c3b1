using EdgeMmf.Bridge.Protocol;

namespace EdgeMmf.Bridge.Errors;

/// <summary>The device answered with an error status (bad slot, too large, out of capacity, ...).</summary>
public sealed class BridgeDeviceException : BridgeException
{
    public BridgeDeviceException(BridgeStatus status, string message) : base(message) => Status = status;

    public BridgeStatus Status { get; }
}

using EdgeMmf.Bridge.Protocol;

namespace EdgeMmf.Bridge.Errors;

/// <summary>The device answered with an error status (bad slot, too large, out of capacity, ...).</summary>
public sealed class BridgeDeviceException : BridgeException
{
    /// <summary>
    /// A refusal with the response's <paramref name="status"/>; <see cref="Client.BridgeClient"/> quotes the
    /// device's UTF-8 error payload in <paramref name="message"/>.
    /// </summary>
    public BridgeDeviceException(BridgeStatus status, string message) : base(message) => Status = status;

    /// <summary>
    /// The status code of the error response (docs/bridge-protocol.md, "Status codes").
    /// <see cref="BridgeStatus.CrcError"/> never ends up here: the client resends instead.
    /// </summary>
    public BridgeStatus Status { get; }
}

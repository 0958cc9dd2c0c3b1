namespace EdgeMmf.Bridge.Errors;

/// <summary>The link closed or broke; retrying on the same link cannot help.</summary>
public sealed class BridgeDisconnectedException : BridgeException
{
    public BridgeDisconnectedException(string message) : base(message) { }
    public BridgeDisconnectedException(string message, Exception inner) : base(message, inner) { }
}

namespace EdgeMmf.Bridge.Errors;

/// <summary>Host and device speak different protocol versions.</summary>
public sealed class BridgeVersionException : BridgeException
{
    public BridgeVersionException(string message) : base(message) { }
}

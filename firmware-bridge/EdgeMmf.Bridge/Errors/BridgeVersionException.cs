namespace EdgeMmf.Bridge.Errors;

/// <summary>Host and device speak different protocol versions.</summary>
public sealed class BridgeVersionException : BridgeException
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public BridgeVersionException(string message) : base(message) { }
}

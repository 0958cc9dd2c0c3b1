namespace EdgeMmf.Bridge.Errors;

/// <summary>The link closed or broke; retrying on the same link cannot help.</summary>
public sealed class BridgeDisconnectedException : BridgeException
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public BridgeDisconnectedException(string message) : base(message) { }
    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public BridgeDisconnectedException(string message, Exception inner) : base(message, inner) { }
}

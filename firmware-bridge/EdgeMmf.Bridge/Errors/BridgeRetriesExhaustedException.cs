namespace EdgeMmf.Bridge.Errors;

/// <summary>Every attempt of one request timed out or arrived corrupt.</summary>
public sealed class BridgeRetriesExhaustedException : BridgeException
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public BridgeRetriesExhaustedException(string message) : base(message) { }
}

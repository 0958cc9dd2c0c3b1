namespace EdgeMmf.Bridge.Errors;

/// <summary>Every attempt of one request timed out or arrived corrupt.</summary>
public sealed class BridgeRetriesExhaustedException : BridgeException
{
    public BridgeRetriesExhaustedException(string message) : base(message) { }
}

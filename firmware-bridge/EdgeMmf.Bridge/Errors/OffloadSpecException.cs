namespace EdgeMmf.Bridge.Errors;

/// <summary>An <c>--offload</c> specification that cannot be parsed or does not fit the model.</summary>
public sealed class OffloadSpecException : BridgeException
{
    public OffloadSpecException(string message) : base(message) { }
}

namespace EdgeMmf.Bridge.Errors;

/// <summary>An <c>--offload</c> specification that cannot be parsed or does not fit the model.</summary>
public sealed class OffloadSpecException : BridgeException
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public OffloadSpecException(string message) : base(message) { }
}

namespace EdgeMmf.Bridge.Errors;

/// <summary>A <c>--bridge</c> address that cannot be parsed.</summary>
public sealed class BridgeAddressException : BridgeException
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public BridgeAddressException(string message) : base(message) { }
}

namespace EdgeMmf.Bridge.Errors;

/// <summary>A <c>--bridge</c> address that cannot be parsed.</summary>
public sealed class BridgeAddressException : BridgeException
{
    public BridgeAddressException(string message) : base(message) { }
}

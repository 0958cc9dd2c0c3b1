namespace EdgeMmf.Bridge.Errors;

/// <summary>Base of every failure on the FPGA bridge; the offload catches it and falls back to the CPU.</summary>
public class BridgeException : Exception
{
    public BridgeException(string message) : base(message) { }
    public BridgeException(string message, Exception inner) : base(message, inner) { }
}

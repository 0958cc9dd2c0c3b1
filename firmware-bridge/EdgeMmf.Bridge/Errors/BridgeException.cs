namespace EdgeMmf.Bridge.Errors;

/// <summary>Base of every failure on the FPGA bridge; the offload catches it and falls back to the CPU.</summary>
public class BridgeException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public BridgeException(string message) : base(message) { }
    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public BridgeException(string message, Exception inner) : base(message, inner) { }
}

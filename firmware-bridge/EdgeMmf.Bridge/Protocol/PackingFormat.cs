namespace EdgeMmf.Bridge.Protocol;

/// <summary>How uploaded ternary weights are packed; the Hello capabilities list the supported ones as bit flags.</summary>
public enum PackingFormat : byte
{
    /// <summary>ggml TQ2_0: 256 weights in 66 bytes (runtime Formats/Tq2_0.cs); the block scale d is ignored.</summary>
    Tq2_0 = 0,
}

namespace EdgeMmf.Runtime.Formats;

/// <summary>Rounding offsets up to an alignment: GGUF's data section and tensors, the weight arena's cache lines.</summary>
internal static class ByteAlignment
{
    /// <summary>The smallest multiple of <paramref name="alignment"/> (any positive value, not only powers of two) at or above <paramref name="offset"/>.</summary>
    public static long Up(long offset, long alignment) => (offset + alignment - 1) / alignment * alignment;
}

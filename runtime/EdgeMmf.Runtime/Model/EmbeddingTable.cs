namespace EdgeMmf.Runtime.Model;

/// <summary>Element type of an embedding table as stored (checkpoint or GGUF).</summary>
public enum EmbeddingElementType
{
    /// <summary>32-bit IEEE float.</summary>
    F32,
    /// <summary>16-bit IEEE float.</summary>
    F16,
    /// <summary>bfloat16.</summary>
    BF16,
}

/// <summary>
/// The full-precision token embedding [V, H] (docs/model-spec.md "Tensor names"); only one row is read per token,
/// so it stays in place in whatever memory holds it (a mapped file or a native buffer).
/// </summary>
public sealed unsafe class EmbeddingTable(byte* data, int vocabSize, int hidden, EmbeddingElementType type)
{
    /// <summary>V: rows in the table.</summary>
    public int VocabSize { get; } = vocabSize;
    /// <summary>H: elements in a row.</summary>
    public int Hidden { get; } = hidden;
    /// <summary>The element type the rows are stored as.</summary>
    public EmbeddingElementType ElementType { get; } = type;
    /// <summary>The first byte of row 0.</summary>
    public byte* Data { get; } = data;

    /// <summary>Bytes per element: 4 for F32, 2 for F16 and BF16.</summary>
    public int ElementSize => ElementType == EmbeddingElementType.F32 ? 4 : 2;

    /// <summary>Writes row <paramref name="token"/> into <paramref name="destination"/> as float32.</summary>
    public void CopyRow(int token, Span<float> destination)
    {
        if ((uint)token >= (uint)VocabSize)
            throw new ArgumentOutOfRangeException(nameof(token), token, $"token id must be below the vocabulary size {VocabSize}.");
        byte* row = Data + (long)token * Hidden * ElementSize;
        switch (ElementType)
        {
            case EmbeddingElementType.F32:
                new ReadOnlySpan<float>(row, Hidden).CopyTo(destination);
                break;
            case EmbeddingElementType.F16:
                var halves = new ReadOnlySpan<Half>(row, Hidden);
                for (int i = 0; i < Hidden; i++) destination[i] = (float)halves[i];
                break;
            default:
                var bf16 = new ReadOnlySpan<ushort>(row, Hidden);
                for (int i = 0; i < Hidden; i++) destination[i] = BitConverter.Int32BitsToSingle(bf16[i] << 16);
                break;
        }
    }
}

namespace EdgeMmf.Runtime.Model;

/// <summary>Element type of an embedding table as stored (checkpoint or GGUF).</summary>
public enum EmbeddingElementType { F32, F16, BF16 }

/// <summary>
/// The full-precision token embedding [V, H] (docs/model-spec.md "Tensor names"); only one row is read per token,
/// so it stays in place in whatever memory holds it (a mapped file or a native buffer).
/// </summary>
public sealed unsafe class EmbeddingTable(byte* data, int vocabSize, int hidden, EmbeddingElementType type)
{
    public int VocabSize { get; } = vocabSize;
    public int Hidden { get; } = hidden;
    public EmbeddingElementType ElementType { get; } = type;
    public byte* Data { get; } = data;

    public int ElementSize => ElementType == EmbeddingElementType.F32 ? 4 : 2;

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

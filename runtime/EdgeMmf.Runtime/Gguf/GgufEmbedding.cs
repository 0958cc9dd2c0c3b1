using System.Buffers.Binary;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>The element types an embedding table may have in GGUF, and float32 rows encoded as them.</summary>
public static class GgufEmbedding
{
    /// <summary>The ggml type that stores an embedding of <paramref name="type"/>.</summary>
    public static GgmlType GgmlTypeOf(EmbeddingElementType type) => type switch
    {
        EmbeddingElementType.F32 => GgmlType.F32,
        EmbeddingElementType.F16 => GgmlType.F16,
        _ => GgmlType.BF16,
    };

    /// <summary>The embedding element type stored as <paramref name="type"/>; false when an embedding may not have that type.</summary>
    public static bool TryElementTypeOf(GgmlType type, out EmbeddingElementType elementType)
    {
        (bool ok, elementType) = type switch
        {
            GgmlType.F32 => (true, EmbeddingElementType.F32),
            GgmlType.F16 => (true, EmbeddingElementType.F16),
            GgmlType.BF16 => (true, EmbeddingElementType.BF16),
            _ => (false, EmbeddingElementType.F32),
        };
        return ok;
    }

    /// <summary>
    /// Writes <paramref name="values"/> as little-endian <paramref name="type"/>: F16 rounds to nearest even
    /// (exact for values that came from F16), BF16 rounds to nearest even on the top 16 bits (exact for BF16 sources).
    /// </summary>
    public static void Encode(ReadOnlySpan<float> values, EmbeddingElementType type, Span<byte> destination)
    {
        for (int i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case EmbeddingElementType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
                    break;
                case EmbeddingElementType.F16:
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)values[i]);
                    break;
                default:
                    uint bits = BitConverter.SingleToUInt32Bits(values[i]);
                    if (!float.IsNaN(values[i])) bits += 0x7FFF + ((bits >> 16) & 1);
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], (ushort)(bits >> 16));
                    break;
            }
        }
    }
}

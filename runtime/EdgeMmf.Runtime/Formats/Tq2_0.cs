using System.Runtime.CompilerServices;

namespace EdgeMmf.Runtime.Formats;

/// <summary>
/// ggml's TQ2_0 ternary block (GGML type id 35): 256 weights in 66 bytes, 2.0625 bits per weight.
/// <code>
///   struct block_tq2_0 { uint8_t qs[64]; ggml_half d; }   // 64 + 2 bytes
///
///   qs is two 32-byte halves; half k (k = 0, 1) holds weights [128k, 128k + 128).
///   Byte m of half k packs four weights, each stored as t + 1 in {0, 1, 2}:
///     bits 1..0 : weight 128k + m
///     bits 3..2 : weight 128k + m + 32
///     bits 5..4 : weight 128k + m + 64
///     bits 7..6 : weight 128k + m + 96
/// </code>
/// The layout (and the +1 offset) is ggml's <c>quantize_row_tq2_0_ref</c>, so a GGUF reader
/// decodes our files. EdgeMmf always writes d = 1.0 (exact in float16) and keeps each tensor's
/// exact float32 scale separately (docs/model-spec.md "BitLinear" step 3): a float16 scale would move logits.
/// </summary>
public static class Tq2_0
{
    /// <summary>Weights per block.</summary>
    public const int BlockWeights = 256;
    /// <summary>Bytes per block: the 2-bit trits and the float16 scale d.</summary>
    public const int BlockBytes = 66;
    /// <summary>Bytes of 2-bit trits, four weights per byte.</summary>
    public const int QuantBytes = 64;
    /// <summary>ggml's type id for TQ2_0 in GGUF files.</summary>
    public const int GgmlTypeId = 35;
    /// <summary>float16 bit pattern of 1.0, the block scale EdgeMmf writes.</summary>
    public const ushort UnitScaleHalf = 0x3C00;

    /// <summary>Bytes for one row of <paramref name="columns"/> weights (a multiple of 256).</summary>
    public static int RowBytes(int columns)
    {
        if (columns % BlockWeights != 0)
            throw new ArgumentException($"TQ2_0 rows hold whole 256-weight blocks; {columns} columns is not a multiple of 256.", nameof(columns));
        return columns / BlockWeights * BlockBytes;
    }

    /// <summary>Packs one row of ternary values (-1, 0, +1) into TQ2_0 blocks with d = 1.0.</summary>
    public static void PackRow(ReadOnlySpan<sbyte> ternary, Span<byte> destination)
    {
        int blocks = ternary.Length / BlockWeights;
        if (ternary.Length % BlockWeights != 0 || destination.Length < blocks * BlockBytes)
            throw new ArgumentException("PackRow needs whole blocks and a destination of RowBytes(columns) bytes.");
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<sbyte> w = ternary.Slice(b * BlockWeights, BlockWeights);
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m++)
                {
                    int q = 0;
                    for (int n = 0; n < 4; n++)
                        q |= (Encode(w[half * 128 + m + n * 32]) & 3) << (2 * n);
                    block[half * 32 + m] = (byte)q;
                }
            }
            block[QuantBytes] = (byte)(UnitScaleHalf & 0xFF);
            block[QuantBytes + 1] = (byte)(UnitScaleHalf >> 8);
        }
    }

    /// <summary>Unpacks one TQ2_0 row back to ternary values; ignores d (EdgeMmf keeps scales apart).</summary>
    public static void UnpackRow(ReadOnlySpan<byte> source, Span<sbyte> ternary)
    {
        int blocks = ternary.Length / BlockWeights;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            Span<sbyte> w = ternary.Slice(b * BlockWeights, BlockWeights);
            for (int half = 0; half < 2; half++)
                for (int m = 0; m < 32; m++)
                {
                    int q = block[half * 32 + m];
                    for (int n = 0; n < 4; n++)
                        w[half * 128 + m + n * 32] = (sbyte)(((q >> (2 * n)) & 3) - 1);
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Encode(sbyte t)
    {
        if (t < -1 || t > 1) throw new ArgumentOutOfRangeException(nameof(t), t, "ternary weights are -1, 0 or +1");
        return t + 1;
    }
}

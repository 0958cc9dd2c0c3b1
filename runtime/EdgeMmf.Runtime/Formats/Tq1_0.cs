using System.Runtime.CompilerServices;

namespace EdgeMmf.Runtime.Formats;

/// <summary>
/// ggml's TQ1_0 ternary block (GGML type id 34): 256 weights in 54 bytes, 1.6875 bits per weight.
/// <code>
///   struct block_tq1_0 { uint8_t qs[48]; uint8_t qh[4]; ggml_half d; }   // 48 + 4 + 2 bytes
///
///   Each weight is stored as a trit s = t + 1 in {0, 1, 2}. A byte holds up to five trits as a
///   base-3 fraction: packed = ceil(v * 256 / 243), v = s0*81 + s1*27 + s2*9 + s3*3 + s4
///   (s0 most significant). Trit n comes back as ((uint8)(packed * 3^n) * 3) >> 8.
///
///   qs[ 0..32) byte m : trits of weights   m, 32+m, 64+m, 96+m, 128+m     (weights   0..159)
///   qs[32..48) byte m : trits of weights 160+m, 176+m, 192+m, 208+m, 224+m (weights 160..239)
///   qh[ 0.. 4) byte j : trits of weights 240+j, 244+j, 248+j, 252+j, and a 0 (weights 240..255)
/// </code>
/// The layout is ggml's <c>quantize_row_tq1_0_ref</c> / <c>dequantize_row_tq1_0</c>. As for
/// <see cref="Tq2_0"/>, EdgeMmf writes d = 1.0 and keeps the exact float32 scale apart.
/// </summary>
public static class Tq1_0
{
    /// <summary>Weights per block.</summary>
    public const int BlockWeights = 256;
    /// <summary>Bytes per block: qs, qh and the float16 scale d.</summary>
    public const int BlockBytes = 54;
    /// <summary>Bytes of qs, five trits per byte (weights 0 .. 239).</summary>
    public const int QsBytes = 48;
    /// <summary>Bytes of qh, four trits per byte (weights 240 .. 255).</summary>
    public const int QhBytes = 4;
    /// <summary>ggml's type id for TQ1_0 in GGUF files.</summary>
    public const int GgmlTypeId = 34;

    /// <summary>Bytes for one row of <paramref name="columns"/> weights (a multiple of 256).</summary>
    public static int RowBytes(int columns)
    {
        if (columns % BlockWeights != 0)
            throw new ArgumentException($"TQ1_0 rows hold whole 256-weight blocks; {columns} columns is not a multiple of 256.", nameof(columns));
        return columns / BlockWeights * BlockBytes;
    }

    /// <summary>Packs one row of ternary values (-1, 0, +1) into TQ1_0 blocks with d = 1.0.</summary>
    public static void PackRow(ReadOnlySpan<sbyte> ternary, Span<byte> destination)
    {
        int blocks = ternary.Length / BlockWeights;
        if (ternary.Length % BlockWeights != 0 || destination.Length < blocks * BlockBytes)
            throw new ArgumentException("PackRow needs whole blocks and a destination of RowBytes(columns) bytes.");
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<sbyte> w = ternary.Slice(b * BlockWeights, BlockWeights);
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            for (int m = 0; m < 32; m++)
                block[m] = PackFive(w, m, 32);
            for (int m = 0; m < 16; m++)
                block[32 + m] = PackFive(w, 160 + m, 16);
            for (int j = 0; j < QhBytes; j++)
            {
                int v = 0;
                for (int n = 0; n < 4; n++)
                    v = v * 3 + Encode(w[240 + j + 4 * n]);
                block[QsBytes + j] = ToFraction(v * 3); // fifth trit is 0: the four sit in the top digits
            }
            block[QsBytes + QhBytes] = (byte)(Tq2_0.UnitScaleHalf & 0xFF);
            block[QsBytes + QhBytes + 1] = (byte)(Tq2_0.UnitScaleHalf >> 8);
        }
    }

    /// <summary>Unpacks one TQ1_0 row back to ternary values; ignores d (EdgeMmf keeps scales apart).</summary>
    public static void UnpackRow(ReadOnlySpan<byte> source, Span<sbyte> ternary)
    {
        int blocks = ternary.Length / BlockWeights;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            Span<sbyte> w = ternary.Slice(b * BlockWeights, BlockWeights);
            for (int n = 0; n < 5; n++)
            {
                for (int m = 0; m < 32; m++)
                    w[32 * n + m] = (sbyte)(Trit(block[m], n) - 1);
                for (int m = 0; m < 16; m++)
                    w[160 + 16 * n + m] = (sbyte)(Trit(block[32 + m], n) - 1);
            }
            for (int n = 0; n < 4; n++)
                for (int j = 0; j < QhBytes; j++)
                    w[240 + 4 * n + j] = (sbyte)(Trit(block[QsBytes + j], n) - 1);
        }
    }

    /// <summary>Trit n (0 = most significant) of a packed byte, in {0, 1, 2}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Trit(byte packed, int n) => ((byte)(packed * Pow3(n)) * 3) >> 8;

    private static int Pow3(int n) => n switch { 0 => 1, 1 => 3, 2 => 9, 3 => 27, _ => 81 };

    private static byte PackFive(ReadOnlySpan<sbyte> w, int first, int stride)
    {
        int v = 0;
        for (int n = 0; n < 5; n++)
            v = v * 3 + Encode(w[first + n * stride]);
        return ToFraction(v);
    }

    /// <summary>v in [0, 243) as the byte ceil(v * 256 / 243), so multiplying by 3^n exposes trit n in the top bits.</summary>
    private static byte ToFraction(int v) => (byte)((v * 256 + 242) / 243);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Encode(sbyte t)
    {
        if (t < -1 || t > 1) throw new ArgumentOutOfRangeException(nameof(t), t, "ternary weights are -1, 0 or +1");
        return t + 1;
    }
}

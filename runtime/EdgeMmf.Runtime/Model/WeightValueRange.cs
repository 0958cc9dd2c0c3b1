using System.Numerics;
using System.Numerics.Tensors;
using EdgeMmf.Runtime.Checkpoints;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Refuses float weights that are NaN, infinite, or larger in magnitude than <see cref="MaxMagnitude"/>, naming
/// the tensor and the first bad element, so a damaged file fails at load instead of producing NaN logits.
/// <para>
/// Why 65504 (the largest finite fp16): these models are trained and shipped in fp16/bf16 mixed precision, so no
/// trained weight is near it; a value beyond it is a damaged file. Within it, the first products the forward pass
/// forms stay far from float32's 3.4e38: RMSNorm squares and sums H values (65504^2 * 2^16 ~ 2.8e14), a normalised
/// activation times a gain is at most sqrt(H) * 65504 ~ 1.7e7, and an fp16 embedding written from it stays finite.
/// A value like 3e38 passes a finiteness test but overflows the first square.
/// </para>
/// Each check is one vectorised pass over the values.
/// </summary>
public static class WeightValueRange
{
    /// <summary>The largest magnitude accepted: the largest finite fp16.</summary>
    public const float MaxMagnitude = 65504f;

    /// <summary>Refuses <paramref name="values"/> if any is NaN, infinite or beyond <see cref="MaxMagnitude"/>, with a <see cref="ModelFormatException"/>.</summary>
    /// <param name="path">The file, for the message.</param>
    /// <param name="tensor">The tensor name, for the message.</param>
    /// <param name="values">The values to check.</param>
    /// <param name="firstElement">The index of <paramref name="values"/>[0] in the whole tensor, for the message.</param>
    public static void Require(string path, string tensor, ReadOnlySpan<float> values, long firstElement = 0)
    {
        // MaxMagnitude keeps the sign (-inf for a -inf); NaN, if any, fails the comparison.
        if (values.IsEmpty || MathF.Abs(TensorPrimitives.MaxMagnitude(values)) <= MaxMagnitude) return;
        int k = 0;
        while (MathF.Abs(values[k]) <= MaxMagnitude) k++;
        throw Refuse(path, tensor, firstElement + k, values[k]);
    }

    /// <summary>Checks an embedding table where it lies (f32, or the raw bits of f16/bf16, without converting them).</summary>
    public static unsafe void Require(string path, string tensor, EmbeddingTable table)
    {
        long count = (long)table.VocabSize * table.Hidden;
        const int Chunk = 1 << 20;
        for (long start = 0; start < count; start += Chunk)
        {
            int length = (int)Math.Min(Chunk, count - start);
            switch (table.ElementType)
            {
                case EmbeddingElementType.F32:
                    Require(path, tensor, new ReadOnlySpan<float>((float*)table.Data + start, length), start);
                    break;
                case EmbeddingElementType.F16:
                    RequireHalves(path, tensor, new ReadOnlySpan<ushort>((ushort*)table.Data + start, length), start, F16Limit, bf16: false);
                    break;
                default:
                    RequireHalves(path, tensor, new ReadOnlySpan<ushort>((ushort*)table.Data + start, length), start, Bf16Limit, bf16: true);
                    break;
            }
        }
    }

    /// <summary>Largest allowed magnitude bits: fp16 65504 is 0x7BFF (every fp16 above it is infinite or NaN);
    /// bf16 0x477F is 65280, the largest bf16 not above 65504.</summary>
    private const ushort F16Limit = 0x7BFF, Bf16Limit = 0x477F;

    private static void RequireHalves(string path, string tensor, ReadOnlySpan<ushort> bits, long firstElement, ushort limit, bool bf16)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<ushort>.Count)
        {
            var magnitude = new Vector<ushort>(0x7FFF);
            var max = new Vector<ushort>(limit);
            for (; k <= bits.Length - Vector<ushort>.Count; k += Vector<ushort>.Count)
                if (Vector.GreaterThanAny(new Vector<ushort>(bits[k..]) & magnitude, max)) break;
        }
        for (; k < bits.Length; k++)
        {
            if ((bits[k] & 0x7FFF) <= limit) continue;
            float value = bf16 ? BitConverter.Int32BitsToSingle(bits[k] << 16) : (float)BitConverter.UInt16BitsToHalf(bits[k]);
            throw Refuse(path, tensor, firstElement + k, value);
        }
    }

    private static ModelFormatException Refuse(string path, string tensor, long index, float value) => new(path, tensor,
        $"element {index} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; weights must be finite and within ±{MaxMagnitude:0} " +
        "(the file is damaged, or was not written from a trained model).");
}

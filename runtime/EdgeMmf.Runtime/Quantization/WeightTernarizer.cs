using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Quantization;

/// <summary>
/// Per-tensor absmean ternarization of a BitLinear weight (docs/model-spec.md "BitLinear" step 3):
/// s_w = 1 / max(mean |W|, 1e-5) over all m*n entries, t = clamp(round_half_even(W * s_w), -1, 1).
/// The mean is accumulated in float64 and rounded once to float32 (docs/model-spec.md "Numerical fidelity" 2:
/// weights parked on the 0.5 threshold make the last bit of s_w matter).
/// </summary>
public static class WeightTernarizer
{
    /// <summary>The floor on mean |W| in s_w = 1 / max(mean |W|, 1e-5).</summary>
    public const float MinimumMeanAbs = 1e-5f;

    /// <summary>Accumulates sum |W| over a chunk; call repeatedly, then <see cref="ScaleFromSum"/>.</summary>
    public static double SumAbs(ReadOnlySpan<float> weights)
    {
        double sum = 0;
        foreach (float w in weights) sum += Math.Abs(w);
        return sum;
    }

    /// <summary>s_w from the float64 sum of |W| and the element count: 1 / max(float32(mean), 1e-5), in float32.</summary>
    public static float ScaleFromSum(double sumAbs, long count)
    {
        float mean = (float)(sumAbs / count);
        return 1f / Math.Max(mean, MinimumMeanAbs);
    }

    /// <summary>t_j = clamp(round(W_j * s_w), -1, 1); float32 product, ties to even as torch.round.</summary>
    public static void Ternarize(ReadOnlySpan<float> weights, float scale, Span<sbyte> ternary)
    {
        for (int j = 0; j < weights.Length; j++)
        {
            float r = MathF.Round(weights[j] * scale, MidpointRounding.ToEven);
            ternary[j] = (sbyte)Math.Clamp(r, -1f, 1f);
        }
    }

    /// <summary>Ternarizes one row and packs it as TQ2_0, zero-padding to whole blocks.</summary>
    public static void TernarizeRowTq2_0(ReadOnlySpan<float> row, float scale, Span<sbyte> ternaryScratch, Span<byte> packedRow)
    {
        ternaryScratch.Clear();
        Ternarize(row, scale, ternaryScratch[..row.Length]);
        Tq2_0.PackRow(ternaryScratch, packedRow);
    }
}

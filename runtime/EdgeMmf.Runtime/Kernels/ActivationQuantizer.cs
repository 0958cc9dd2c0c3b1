namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// BitLinear input (model-spec "BitLinear" steps 1-2): RMSNorm with the projection's gain, then
/// per-token int8 quantization. Placeholder scalar form; the kernels branch supplies vectorized ones.
/// </summary>
public static class ActivationQuantizer
{
    /// <summary>s_x = 127 / max(max|y|, 1e-5); q = clamp(round_half_away(y * s_x), -128, 127); returns s_x. q beyond y.Length is zeroed.</summary>
    public static float Quantize(ReadOnlySpan<float> y, Span<sbyte> q)
    {
        float absMax = 0;
        foreach (float value in y) absMax = Math.Max(absMax, Math.Abs(value));
        float sx = 127f / Math.Max(absMax, 1e-5f);
        for (int j = 0; j < y.Length; j++)
            q[j] = (sbyte)Math.Clamp(MathF.Round(y[j] * sx, MidpointRounding.AwayFromZero), -128f, 127f);
        q[y.Length..].Clear();
        return sx;
    }

    /// <summary>RMSNorm(x; gain, eps) then <see cref="Quantize"/>, without a float temporary beyond a stack buffer.</summary>
    public static float RmsNormQuantize(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, float eps, Span<sbyte> q)
    {
        double sumSquares = 0;
        foreach (float value in x) sumSquares += (double)value * value;
        float rstd = 1f / MathF.Sqrt((float)(sumSquares / x.Length) + eps);
        float absMax = 0;
        for (int j = 0; j < x.Length; j++) absMax = Math.Max(absMax, Math.Abs(x[j] * rstd * gain[j]));
        float sx = 127f / Math.Max(absMax, 1e-5f);
        for (int j = 0; j < x.Length; j++)
            q[j] = (sbyte)Math.Clamp(MathF.Round(x[j] * rstd * gain[j] * sx, MidpointRounding.AwayFromZero), -128f, 127f);
        q[x.Length..].Clear();
        return sx;
    }
}

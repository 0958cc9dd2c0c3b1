using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// docs/model-spec.md "BitLinear" steps 1 and 2: RMSNorm with the projection's own gain (eps 1e-6), then per-token
/// absmax quantization to int8, s_x = 127 / max(max_j |y_j|, 1e-5), q_j = clamp(round_half_away(y_j * s_x), -128, 127).
/// <para>
/// Padding: q may be longer than the input (a matrix's PaddedColumns); every method writes the input's
/// length and zeroes the rest of q, so callers pass the padded buffer as is.
/// </para><para>
/// Bit-exactness: the sum of squares uses one fixed order in every implementation, eight interleaved
/// partial sums (lane k takes j = k mod 8 over the first floor(n/8)*8 values) combined as
/// ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)), then the remaining values in order. Products and sums are
/// separate float32 roundings (no fused multiply-add), so the vector and scalar forms give identical q.
/// </para>
/// </summary>
public static class ActivationQuantizer
{
    /// <summary>Floor under max|y| in s_x (docs/model-spec.md "BitLinear" step 2).</summary>
    public const float MinAbsMax = 1e-5f;

    /// <summary>eps of the fused BitLinear RMSNorm (docs/model-spec.md "BitLinear" step 1: 1e-6, not the module's 1e-8).</summary>
    public const float BitLinearEps = 1e-6f;

    /// <summary>Quantizes y into q; returns s_x (dequantized value = q / s_x).</summary>
    public static float Quantize(ReadOnlySpan<float> y, Span<sbyte> q)
    {
        CheckLengths(y.Length, y.Length, q.Length);
        float scale = 127f / MathF.Max(MaxAbs(y, ReadOnlySpan<float>.Empty, 1f), MinAbsMax);
        QuantizeScaled(y, ReadOnlySpan<float>.Empty, 1f, scale, q);
        return scale;
    }

    /// <summary>q = quantize(RMSNorm(x; gain, eps)); returns s_x. Pass <see cref="BitLinearEps"/> for BitLinear.</summary>
    public static float RmsNormQuantize(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, float eps, Span<sbyte> q) =>
        QuantizeNormalized(x, InverseRms(x, eps), gain, q);

    /// <summary>
    /// q = quantize(x * inverseRms * gain); returns s_x. With <paramref name="inverseRms"/> = <see cref="InverseRms"/>(x, eps)
    /// it is <see cref="RmsNormQuantize"/> bit for bit, so BitLinears that share an input (a layer's i, f and g) share one norm.
    /// </summary>
    public static float QuantizeNormalized(ReadOnlySpan<float> x, float inverseRms, ReadOnlySpan<float> gain, Span<sbyte> q)
    {
        CheckLengths(x.Length, gain.Length, q.Length);
        float scale = 127f / MathF.Max(MaxAbs(x, gain, inverseRms), MinAbsMax);
        QuantizeScaled(x, gain, inverseRms, scale, q);
        return scale;
    }

    /// <summary>Reference form of <see cref="Quantize"/>: one element at a time, as the spec reads.</summary>
    public static float ScalarQuantize(ReadOnlySpan<float> y, Span<sbyte> q)
    {
        CheckLengths(y.Length, y.Length, q.Length);
        float max = 0;
        foreach (float v in y) max = MathF.Max(max, MathF.Abs(v));
        float scale = 127f / MathF.Max(max, MinAbsMax);
        for (int j = 0; j < y.Length; j++) q[j] = RoundClamp(y[j] * scale);
        q[y.Length..].Clear();
        return scale;
    }

    /// <summary>Reference form of <see cref="RmsNormQuantize"/>: y_j = (x_j * (1 / sqrt(mean(x^2) + eps))) * gain_j.</summary>
    public static float ScalarRmsNormQuantize(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, float eps, Span<sbyte> q)
    {
        CheckLengths(x.Length, gain.Length, q.Length);
        int n8 = x.Length & ~7;
        Span<float> lane = stackalloc float[8];
        lane.Clear();
        for (int j = 0; j < n8; j++) lane[j & 7] += x[j] * x[j];
        float sum = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
        for (int j = n8; j < x.Length; j++) sum += x[j] * x[j];
        float inv = 1f / MathF.Sqrt(sum / x.Length + eps);

        float max = 0;
        for (int j = 0; j < x.Length; j++) max = MathF.Max(max, MathF.Abs(x[j] * inv * gain[j]));
        float scale = 127f / MathF.Max(max, MinAbsMax);
        for (int j = 0; j < x.Length; j++) q[j] = RoundClamp(x[j] * inv * gain[j] * scale);
        q[x.Length..].Clear();
        return scale;
    }

    /// <summary>round half away from zero (the fused kernel's rounding), then clamp to int8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static sbyte RoundClamp(float v) =>
        (sbyte)(int)Math.Clamp(MathF.Round(v, MidpointRounding.AwayFromZero), -128f, 127f);

    private static void CheckLengths(int x, int gain, int q)
    {
        if (gain != x) throw new ArgumentException($"RMSNorm gain has {gain} values for an input of {x}.");
        if (q < x) throw new ArgumentException($"Quantized buffer holds {q} values for an input of {x}.");
    }

    /// <summary>1 / sqrt(mean(x^2) + eps), the sum of squares in the fixed order above.</summary>
    public static float InverseRms(ReadOnlySpan<float> x, float eps)
    {
        int n8 = x.Length & ~7;
        float sum;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            ref float xr = ref MemoryMarshal.GetReference(x);
            for (int j = 0; j < n8; j += 8)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref xr, (nuint)j);
                acc += v * v;
            }
            sum = Combine(acc.GetLower(), acc.GetUpper());
        }
        else
        {
            Vector128<float> lo = Vector128<float>.Zero, hi = lo;
            for (int j = 0; j < n8; j += 8)
            {
                Vector128<float> a = Vector128.Create(x.Slice(j, 4)), b = Vector128.Create(x.Slice(j + 4, 4));
                lo += a * a;
                hi += b * b;
            }
            sum = Combine(lo, hi);
        }
        for (int j = n8; j < x.Length; j++) sum += x[j] * x[j];
        return 1f / MathF.Sqrt(sum / x.Length + eps);
    }

    private static float Combine(Vector128<float> lo, Vector128<float> hi) =>
        ((lo[0] + lo[1]) + (lo[2] + lo[3])) + ((hi[0] + hi[1]) + (hi[2] + hi[3]));

    /// <summary>
    /// max_j |x_j * inv * gain_j| (no gain: |x_j * inv|); a max is exact in any order, so four accumulators hide the
    /// latency of the chain, and NaN, which the raw max instruction may drop, is tracked apart: any NaN gives NaN, as
    /// <see cref="MathF.Max(float, float)"/> does in the scalar form.
    /// </summary>
    private static float MaxAbs(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, float inv)
    {
        bool hasGain = !gain.IsEmpty;
        int j = 0;
        float max = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(gain);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> m0 = Vector256<float>.Zero, m1 = m0, m2 = m0, m3 = m0, nan = m0;
            for (; j + 32 <= x.Length; j += 32)
            {
                Vector256<float> a = Scaled(ref xr, ref gr, hasGain, inv, j), b = Scaled(ref xr, ref gr, hasGain, inv, j + 8);
                Vector256<float> c = Scaled(ref xr, ref gr, hasGain, inv, j + 16), d = Scaled(ref xr, ref gr, hasGain, inv, j + 24);
                m0 = Vector256.MaxNative(m0, Vector256.Abs(a));
                m1 = Vector256.MaxNative(m1, Vector256.Abs(b));
                m2 = Vector256.MaxNative(m2, Vector256.Abs(c));
                m3 = Vector256.MaxNative(m3, Vector256.Abs(d));
                nan |= ~(Vector256.Equals(a, a) & Vector256.Equals(b, b) & Vector256.Equals(c, c) & Vector256.Equals(d, d));
            }
            for (; j + 8 <= x.Length; j += 8)
            {
                Vector256<float> a = Scaled(ref xr, ref gr, hasGain, inv, j);
                m0 = Vector256.MaxNative(m0, Vector256.Abs(a));
                nan |= ~Vector256.Equals(a, a);
            }
            if (nan != Vector256<float>.Zero) return float.NaN;
            Vector256<float> m = Vector256.MaxNative(Vector256.MaxNative(m0, m1), Vector256.MaxNative(m2, m3));
            Vector128<float> h = Vector128.MaxNative(m.GetLower(), m.GetUpper());
            max = MathF.Max(MathF.Max(h[0], h[1]), MathF.Max(h[2], h[3]));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> m0 = Vector128<float>.Zero, m1 = m0, nan = m0;
            for (; j + 8 <= x.Length; j += 8)
            {
                Vector128<float> a = Scaled(x, gain, hasGain, inv, j), b = Scaled(x, gain, hasGain, inv, j + 4);
                m0 = Vector128.MaxNative(m0, Vector128.Abs(a));
                m1 = Vector128.MaxNative(m1, Vector128.Abs(b));
                nan |= ~(Vector128.Equals(a, a) & Vector128.Equals(b, b));
            }
            if (nan != Vector128<float>.Zero) return float.NaN;
            Vector128<float> m = Vector128.MaxNative(m0, m1);
            max = MathF.Max(MathF.Max(m[0], m[1]), MathF.Max(m[2], m[3]));
        }
        for (; j < x.Length; j++)
            max = MathF.Max(max, MathF.Abs(hasGain ? x[j] * inv * gain[j] : x[j] * inv));
        return max;
    }

    /// <summary>Eight lanes of (x_j * inv) * gain_j, the products <see cref="QuantizeScaled"/> rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Scaled(ref float x, ref float gain, bool hasGain, float inv, int j)
    {
        Vector256<float> y = Vector256.LoadUnsafe(ref x, (nuint)j) * inv;
        return hasGain ? y * Vector256.LoadUnsafe(ref gain, (nuint)j) : y;
    }

    /// <summary>Four lanes of (x_j * inv) * gain_j, as <see cref="Scaled(ref float, ref float, bool, float, int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Scaled(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, bool hasGain, float inv, int j)
    {
        Vector128<float> y = Vector128.Create(x.Slice(j, 4)) * inv;
        return hasGain ? y * Vector128.Create(gain.Slice(j, 4)) : y;
    }

    /// <summary>q_j = RoundClamp(((x_j * inv) * gain_j) * scale), 16 at a time where vectors are fast.</summary>
    private static void QuantizeScaled(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, float inv, float scale, Span<sbyte> q)
    {
        bool hasGain = !gain.IsEmpty;
        int j = 0;
        if (Avx2.IsSupported)                                           // what Vector256 acceleration means on x64
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float gr = ref MemoryMarshal.GetReference(gain);
            ref sbyte qr = ref MemoryMarshal.GetReference(q);
            for (; j + 32 <= x.Length; j += 32)
            {
                Vector256<int> a = Round(ref xr, ref gr, hasGain, inv, scale, j);
                Vector256<int> b = Round(ref xr, ref gr, hasGain, inv, scale, j + 8);
                Vector256<int> c = Round(ref xr, ref gr, hasGain, inv, scale, j + 16);
                Vector256<int> d = Round(ref xr, ref gr, hasGain, inv, scale, j + 24);
                // Saturating packs work within 128-bit lanes: bytes come out as a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7,
                // and one dword permute puts them in order. Values are already in [-128, 127], so nothing saturates.
                Vector256<sbyte> packed = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d));
                Avx2.PermuteVar8x32(packed.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte().StoreUnsafe(ref qr, (nuint)j);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; j + 16 <= x.Length; j += 16)
            {
                Vector128<int> a = Round(x, gain, hasGain, inv, scale, j);
                Vector128<int> b = Round(x, gain, hasGain, inv, scale, j + 4);
                Vector128<int> c = Round(x, gain, hasGain, inv, scale, j + 8);
                Vector128<int> d = Round(x, gain, hasGain, inv, scale, j + 12);
                Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).CopyTo(q.Slice(j, 16));
            }
        }
        for (; j < x.Length; j++)
            q[j] = RoundClamp((hasGain ? x[j] * inv * gain[j] : x[j] * inv) * scale);
        q[x.Length..].Clear();
    }

    /// <summary>Eight lanes of RoundClamp, as <see cref="Round(ReadOnlySpan{float}, ReadOnlySpan{float}, bool, float, float, int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Round(ref float x, ref float gain, bool hasGain, float inv, float scale, int j)
    {
        Vector256<float> v = Vector256.MinNative(Vector256.MaxNative(Scaled(ref x, ref gain, hasGain, inv, j) * scale, Vector256.Create(-128f)), Vector256.Create(127f));
        Vector256<int> t = Vector256.ConvertToInt32Native(v);
        Vector256<float> fraction = v - Vector256.ConvertToSingle(t);
        return t - Vector256.GreaterThanOrEqual(fraction, Vector256.Create(0.5f)).AsInt32()
                 + Vector256.LessThanOrEqual(fraction, Vector256.Create(-0.5f)).AsInt32();
    }

    /// <summary>
    /// Four lanes of RoundClamp. Clamping to [-128, 127] first changes nothing (the bounds are integers)
    /// and keeps the conversion in range; then truncate and step away from zero when |fraction| >= 0.5
    /// (v - trunc(v) is exact in float32), which is round-half-away without the v + 0.5 rounding trap.
    /// The raw min, max and conversion instructions are used: they differ from the scalar form only on NaN, and a NaN
    /// input makes s_x NaN (<see cref="MaxAbs"/>), so every output of the projection is NaN whatever q holds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Round(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, bool hasGain, float inv, float scale, int j)
    {
        Vector128<float> v = Vector128.MinNative(Vector128.MaxNative(Scaled(x, gain, hasGain, inv, j) * scale, Vector128.Create(-128f)), Vector128.Create(127f));
        Vector128<int> t = Vector128.ConvertToInt32Native(v);
        Vector128<float> fraction = v - Vector128.ConvertToSingle(t);
        return t - Vector128.GreaterThanOrEqual(fraction, Vector128.Create(0.5f)).AsInt32()
                 + Vector128.LessThanOrEqual(fraction, Vector128.Create(-0.5f)).AsInt32();
    }
}

using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The scalar oracle: one token step exactly as docs/model-spec.md "One token step" writes it, one method per
/// equation, no vectors, no threads. Slow on purpose; every fast path is tested against it.
/// </summary>
public sealed class ReferenceForward(HgrnBitModel model)
{
    private readonly HgrnBitConfig _c = model.Config;

    /// <summary>Consumes <paramref name="token"/>, advances <paramref name="state"/>, writes V logits.</summary>
    public void Step(RecurrentState state, int token, Span<float> logits)
    {
        int h = _c.HiddenSize;
        float eps = _c.RmsNormEps;
        var x = new float[h];
        model.Embeddings.CopyRow(token, x);                              // x = embeddings[token]

        for (int n = 0; n < _c.NumHiddenLayers; n++)
        {
            HgrnBitLayerWeights w = model.Layers[n];
            float[] r = (float[])x.Clone();                               // r = x
            float[] u = RmsNorm(x, w.AttnNorm, eps);                      // u = RMSNorm(x; attn_norm, eps)

            float[] i = BitLinear(u, w.IProj);
            float[] f = Map(BitLinear(u, w.FProj), Sigmoid);              // f = sigmoid(BitLinear_f(u))
            float[] g = BitLinear(u, w.GProj);
            if (model.LowerBounds is float[][] lb && n > 0)               // the first layer has no lower bound
                for (int k = 0; k < f.Length; k++) f[k] = lb[n][k] + (1 - lb[n][k]) * f[k];
            for (int k = 0; k < i.Length; k++) i[k] = Silu(i[k]) * (1 - f[k]);   // i = silu(i) * (1 - f)

            float[] hn = state.H[n];
            for (int k = 0; k < hn.Length; k++) hn[k] = f[k] * hn[k] + i[k];     // h = f * h + i

            // o = RMSNorm(g; g_norm) * silu(h): FusedRMSNormSwishGate(g, h), the code's wiring.
            float[] o = RmsNorm(g, w.GNorm, eps);
            for (int k = 0; k < o.Length; k++) o[k] *= Silu(hn[k]);
            float[] a = BitLinear(o, w.OProj);

            for (int k = 0; k < h; k++) x[k] = r[k] + a[k];               // x = r + a
            float[] v = RmsNorm(x, w.MlpNorm, eps);
            float[] p = BitLinear(v, w.GateProj);                         // [2I]; first half is the gate
            int inter = p.Length / 2;
            var s = new float[inter];
            for (int k = 0; k < inter; k++) s[k] = Silu(p[k]) * p[inter + k];    // swiglu(p[0:I], p[I:2I])
            float[] z = BitLinear(s, w.DownProj);
            for (int k = 0; k < h; k++) x[k] += z[k];                     // x = x + z
        }

        float[] logitsFull = BitLinear(RmsNorm(x, model.FinalNorm, eps), model.LmHead);
        logitsFull.CopyTo(logits);
        state.Position++;
    }

    /// <summary>RMSNorm(x; w, eps) = x / sqrt(mean(x^2) + eps) * w (no mean subtraction, no bias).</summary>
    public static float[] RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float eps)
    {
        double sumSquares = 0;
        foreach (float value in x) sumSquares += (double)value * value;
        float meanSquare = (float)(sumSquares / x.Length);
        float rstd = 1f / MathF.Sqrt(meanSquare + eps);
        var y = new float[x.Length];
        for (int k = 0; k < x.Length; k++) y[k] = x[k] * rstd * w[k];
        return y;
    }

    /// <summary>
    /// BitLinear (docs/model-spec.md "BitLinear" steps 1-4): RMSNorm with the projection's gain and eps 1e-6; per-token int8
    /// quantization with round half away from zero; ternary weights; integer accumulation; one float divide.
    /// </summary>
    public static float[] BitLinear(ReadOnlySpan<float> x, BitLinearWeights weights)
    {
        float[] y = RmsNorm(x, weights.NormGain, BitLinearWeights.NormEps);
        var q = new sbyte[weights.Weight.PaddedColumns];
        float sx = ActivationQuantizer.ScalarQuantize(y, q);   // docs/model-spec.md "BitLinear" step 2

        var t = new sbyte[weights.Weight.PaddedColumns];
        TernaryFormatTraits traits = weights.Weight.Format.Traits();
        var output = new float[weights.OutFeatures];
        for (int row = 0; row < weights.OutFeatures; row++)
        {
            traits.UnpackRow(weights.Weight.Row(row), t);
            int acc = 0;
            for (int j = 0; j < q.Length; j++) acc += q[j] * t[j];         // sum_j q_j * t_ij
            output[row] = acc / (sx * weights.Weight.WeightScale);         // / (s_x * s_w)
        }
        return output;
    }

    /// <summary>sigmoid(x) = 1 / (1 + exp(-x)).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>silu(x) = x * sigmoid(x).</summary>
    public static float Silu(float x) => x * Sigmoid(x);

    private static float[] Map(float[] values, Func<float, float> f)
    {
        for (int k = 0; k < values.Length; k++) values[k] = f(values[k]);
        return values;
    }
}

using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Writes a model that is already in memory (e.g. <see cref="RandomModel"/> of a published shape, so
/// <c>edgemmf bench</c> shapes can be saved and measured as files) in the same layout as
/// <see cref="HgrnBitGgufConverter"/>: packed rows are copied as they are, scales and gains exactly.
/// A loaded model keeps only the computed lower bounds lb, not the raw <c>model.lower_bounds</c>; unless the
/// raw values are passed, they are recovered as ln P with P[n] = lb[n] - lb[n-1], P[0] = 1 - lb[L-1]
/// (softmax is shift-invariant), which reproduces lb to float rounding, not bit for bit.
/// </summary>
public static unsafe class HgrnBitGgufExporter
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as a GGUF named <paramref name="name"/>, with the tokenizer when one is given.</summary>
    public static void Write(HgrnBitModel model, string path, string name, float[]? rawLowerBounds = null,
        GgufTokenizerData? tokenizer = null, Action<string, long, long>? progress = null)
    {
        HgrnBitConfig c = model.Config;
        int h = c.HiddenSize, v = c.VocabSize;
        TernaryFormat format = model.LmHead.Weight.Format;
        var writer = new GgufWriter();
        HgrnBitGgufLayout.AddMetadata(writer, c, name, format);
        if (tokenizer is not null) HgrnBitGgufLayout.AddTokenizer(writer, tokenizer);

        EmbeddingTable e = model.Embeddings;
        writer.AddTensor(HgrnBitGgufKeys.Embeddings, [h, v], GgufEmbedding.GgmlTypeOf(e.ElementType), stream =>
        {
            long bytes = (long)v * h * e.ElementSize;
            for (long at = 0; at < bytes; at += 1 << 20)
                stream.Write(new ReadOnlySpan<byte>(e.Data + at, (int)Math.Min(1 << 20, bytes - at)));
        }, HgrnBitGgufLayout.EmbeddingSection);
        if (c.UseLowerBound)
        {
            float[] raw = rawLowerBounds ?? RecoverRawLowerBounds(model.LowerBounds!, c.NumHiddenLayers, h);
            HgrnBitGgufLayout.AddMatrix(writer, HgrnBitGgufKeys.LowerBounds, c.NumHiddenLayers, h, () => raw);
        }

        void BitLinear(string prefix, BitLinearWeights w)
        {
            TernaryMatrix m = w.Weight;
            if (m.Format != format) throw new ArgumentException($"{m.Name} is {m.Format} but lm_head is {format}; a file holds one ternary format.");
            HgrnBitGgufLayout.AddBitLinear(writer, prefix, m.Rows, m.Columns, format, () => m.WeightScale,
                (r, _, packed) => m.Row(r).CopyTo(packed), () => w.NormGain);
        }

        for (int n = 0; n < c.NumHiddenLayers; n++)
        {
            string p = HgrnBitGgufKeys.Layer(n);
            HgrnBitLayerWeights layer = model.Layers[n];
            (string Prefix, int Rows, int Columns)[] pr = HgrnBitGgufLayout.LayerProjections(c, n);
            HgrnBitGgufLayout.AddVector(writer, p + "attn_norm.weight", h, () => layer.AttnNorm);
            BitLinear(pr[0].Prefix, layer.IProj);
            BitLinear(pr[1].Prefix, layer.FProj);
            BitLinear(pr[2].Prefix, layer.GProj);
            HgrnBitGgufLayout.AddVector(writer, p + "attn.g_norm.weight", c.RecurrentWidth, () => layer.GNorm);
            BitLinear(pr[3].Prefix, layer.OProj);
            HgrnBitGgufLayout.AddVector(writer, p + "mlp_norm.weight", h, () => layer.MlpNorm);
            BitLinear(pr[4].Prefix, layer.GateProj);
            BitLinear(pr[5].Prefix, layer.DownProj);
        }
        HgrnBitGgufLayout.AddVector(writer, HgrnBitGgufKeys.FinalNorm, h, () => model.FinalNorm);
        BitLinear(HgrnBitGgufKeys.LmHead, model.LmHead);
        writer.Write(path, progress);
    }

    /// <summary>Raw bounds whose softmax-cumsum (docs/model-spec.md "Forget-gate lower bounds") gives back <paramref name="lb"/>.</summary>
    public static float[] RecoverRawLowerBounds(float[][] lb, int layers, int hidden)
    {
        var raw = new float[layers * hidden];
        for (int ch = 0; ch < hidden; ch++)
        {
            double p0 = 1.0 - lb[layers - 1][ch];
            for (int n = 0; n < layers; n++)
            {
                double p = n == 0 ? p0 : (double)lb[n][ch] - lb[n - 1][ch];
                raw[n * hidden + ch] = (float)Math.Log(Math.Max(p, 1e-30));
            }
        }
        return raw;
    }
}

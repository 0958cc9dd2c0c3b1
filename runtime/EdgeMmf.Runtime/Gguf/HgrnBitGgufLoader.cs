using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Opens an EdgeMmf GGUF file as an <see cref="HgrnBitModel"/> with nothing large copied: every
/// <see cref="TernaryMatrix"/> and the <see cref="EmbeddingTable"/> point straight into the read-only
/// mapping, which the model keeps open as its owner. Only the small float32 vectors (norm gains, lower
/// bounds) are read into arrays. Every tensor the spec names is checked for type and shape against the
/// config in the metadata, and every float tensor for NaN, infinity and overflow (<see cref="WeightValueRange"/>);
/// a bad file is a <see cref="ModelFormatException"/>, never a partial model.
/// </summary>
public static unsafe class HgrnBitGgufLoader
{
    /// <summary>Maps the GGUF at <paramref name="path"/> and builds the model on it.</summary>
    public static HgrnBitModel Load(string path)
    {
        GgufFile file = GgufFile.Open(path);
        try
        {
            return Load(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Builds a model over an open file; the model takes ownership of <paramref name="file"/> on success.</summary>
    public static HgrnBitModel Load(GgufFile file)
    {
        string path = file.Path;
        GgufContents g = file.Contents;
        HgrnBitConfig c = HgrnBitGgufMetadata.ReadConfig(g, path);
        int h = c.HiddenSize, d = c.RecurrentWidth, v = c.VocabSize, layers = c.NumHiddenLayers;

        GgufTensorInfo embedding = Require(file, HgrnBitGgufKeys.Embeddings, null, h, v);
        if (!GgufEmbedding.TryElementTypeOf(embedding.GgmlType, out EmbeddingElementType embeddingType))
            throw new ModelFormatException(path, embedding.Name, $"has type {GgmlTypeTable.Name(embedding.Type)}; the embedding must be f32, f16 or bf16.");
        var embeddings = new EmbeddingTable(file.TensorData(embedding), v, h, embeddingType);
        WeightValueRange.Require(path, embedding.Name, embeddings);

        float[][]? lowerBounds = null;
        if (c.UseLowerBound)
        {
            float[] raw = ReadFloats(file, Require(file, HgrnBitGgufKeys.LowerBounds, GgmlType.F32, h, layers));
            lowerBounds = LowerBounds.Compute(raw, layers, h);
        }

        var layerWeights = new HgrnBitLayerWeights[layers];
        for (int n = 0; n < layers; n++)
        {
            string p = HgrnBitGgufKeys.Layer(n);
            (string Prefix, int Rows, int Columns)[] pr = HgrnBitGgufLayout.LayerProjections(c, n);
            layerWeights[n] = new HgrnBitLayerWeights
            {
                AttnNorm = Vector(file, p + "attn_norm.weight", h),
                IProj = BitLinear(file, pr[0].Prefix, pr[0].Rows, pr[0].Columns, probeBlockScale: n == 0),
                FProj = BitLinear(file, pr[1].Prefix, pr[1].Rows, pr[1].Columns),
                GProj = BitLinear(file, pr[2].Prefix, pr[2].Rows, pr[2].Columns),
                GNorm = Vector(file, p + "attn.g_norm.weight", d),
                OProj = BitLinear(file, pr[3].Prefix, pr[3].Rows, pr[3].Columns),
                MlpNorm = Vector(file, p + "mlp_norm.weight", h),
                GateProj = BitLinear(file, pr[4].Prefix, pr[4].Rows, pr[4].Columns),
                DownProj = BitLinear(file, pr[5].Prefix, pr[5].Rows, pr[5].Columns),
            };
        }
        float[] finalNorm = Vector(file, HgrnBitGgufKeys.FinalNorm, h);
        BitLinearWeights lmHead = BitLinear(file, HgrnBitGgufKeys.LmHead, v, h);
        return new HgrnBitModel(c, path, embeddings, layerWeights, finalNorm, lmHead, lowerBounds, [file]);
    }

    private static BitLinearWeights BitLinear(GgufFile file, string prefix, int rows, int columns, bool probeBlockScale = false)
    {
        string name = prefix + ".weight";
        if (!file.Contents.TryGetTensor(name, out GgufTensorInfo tensor))
            throw new ModelFormatException(file.Path, name, "tensor is missing from the file.");
        TernaryFormatTraits traits = TernaryFormatTraits.FromGgmlType(tensor.GgmlType)
            ?? throw new ModelFormatException(file.Path, name, $"has type {GgmlTypeTable.Name(tensor.Type)}; BitLinear weights must be tq2_0 or tq1_0.");
        TernaryFormat format = traits.Format;
        Require(file, name, tensor.GgmlType, TernaryMatrix.PadColumns(columns), rows);
        byte* packed = file.TensorData(tensor);
        // EdgeMmf writes d = 1.0 in every block and keeps s_w apart. Probe one block of the first weight so a
        // file whose blocks carry the scale (another tool's) is refused instead of computing wrong logits. Only
        // one: each probe maps a whole page-cache folio (measured: probing every weight mapped 68 MB of a
        // 370M file at load instead of 2 MB).
        int blockBytes = traits.BlockBytes;
        ushort d = probeBlockScale ? (ushort)(packed[blockBytes - 2] | packed[blockBytes - 1] << 8) : Tq2_0.UnitScaleHalf;
        if (d != Tq2_0.UnitScaleHalf)
            throw new ModelFormatException(file.Path, name, $"has block scale d = {(float)BitConverter.UInt16BitsToHalf(d)}; EdgeMmf files use d = 1 with the exact scale in {name}{HgrnBitGgufKeys.ScaleSuffix}.");

        float[] scale = ReadFloats(file, Require(file, name + HgrnBitGgufKeys.ScaleSuffix, GgmlType.F32, 1));
        if (!(scale[0] > 0) || float.IsInfinity(scale[0]))
            throw new ModelFormatException(file.Path, name + HgrnBitGgufKeys.ScaleSuffix, $"is {scale[0]}; a weight scale s_w must be positive and finite.");
        float[] gain = Vector(file, prefix + ".norm.weight", columns);
        return new BitLinearWeights(new TernaryMatrix(name, rows, columns, scale[0], packed, tensor.ByteSize, format), gain);
    }

    private static float[] Vector(GgufFile file, string name, int length) =>
        ReadFloats(file, Require(file, name, GgmlType.F32, length));

    private static float[] ReadFloats(GgufFile file, GgufTensorInfo tensor)
    {
        var values = new float[tensor.ElementCount];
        file.TensorBytes(tensor).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        WeightValueRange.Require(file.Path, tensor.Name, values);
        return values;
    }

    /// <summary>The tensor <paramref name="name"/> with ggml dimensions exactly <paramref name="ne"/> and (unless null) type <paramref name="type"/>.</summary>
    private static GgufTensorInfo Require(GgufFile file, string name, GgmlType? type, params long[] ne)
    {
        if (!file.Contents.TryGetTensor(name, out GgufTensorInfo tensor))
            throw new ModelFormatException(file.Path, name, "tensor is missing from the file.");
        if (type is GgmlType expected && tensor.GgmlType != expected)
            throw new ModelFormatException(file.Path, name, $"has type {GgmlTypeTable.Name(tensor.Type)}; expected {GgmlTypeTable.Name((uint)expected)}.");
        if (!tensor.Dimensions.AsSpan().SequenceEqual(ne))
            throw new ModelFormatException(file.Path, name, $"has ggml shape {tensor.ShapeText} but the metadata implies [{string.Join(", ", ne)}].");
        return tensor;
    }
}

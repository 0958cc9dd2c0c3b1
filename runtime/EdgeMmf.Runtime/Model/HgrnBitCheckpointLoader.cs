using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Loads a Hugging Face HGRN-Bit checkpoint: checks every tensor the spec names against the config,
/// ternarizes each BitLinear weight into TQ2_0 (docs/model-spec.md "BitLinear" step 3, once at load), computes
/// the lower bounds, and leaves the embedding in place in the mapped file. Either returns a whole model
/// or throws <see cref="ModelFormatException"/>.
/// </summary>
public static unsafe class HgrnBitCheckpointLoader
{
    /// <summary>Loads the checkpoint in <paramref name="directory"/>; unknown config fields are handled as <paramref name="policy"/> says.</summary>
    public static HgrnBitModel Load(string directory, HfConfigPolicy? policy = null)
    {
        HfCheckpoint checkpoint = HfCheckpoint.Open(directory, policy);
        var owners = new List<IDisposable> { checkpoint };
        try
        {
            HgrnBitModel model = Build(checkpoint, owners);
            return model;
        }
        catch
        {
            foreach (IDisposable owner in owners) owner.Dispose();
            throw;
        }
    }

    private static HgrnBitModel Build(HfCheckpoint checkpoint, List<IDisposable> owners)
    {
        HgrnBitConfig c = checkpoint.Config;
        int h = c.HiddenSize, d = c.RecurrentWidth, inter = c.IntermediateSize, v = c.VocabSize, layers = c.NumHiddenLayers;

        SafetensorsTensor embedding = checkpoint.Require("model.embeddings.weight", v, h);
        var embeddings = new EmbeddingTable(
            (byte*)Unsafe(checkpoint, embedding), v, h,
            embedding.DType switch
            {
                SafetensorsDType.F32 => EmbeddingElementType.F32,
                SafetensorsDType.F16 => EmbeddingElementType.F16,
                _ => EmbeddingElementType.BF16,
            });
        WeightValueRange.Require(checkpoint.FileOf(embedding).Path, embedding.Name, embeddings);

        float[][]? lowerBounds = null;
        if (c.UseLowerBound)
        {
            SafetensorsTensor raw = checkpoint.Require("model.lower_bounds", layers, h);
            var values = new float[layers * h];
            checkpoint.ReadFloat32(raw, 0, values);
            lowerBounds = LowerBounds.Compute(values, layers, h);
        }

        var layerWeights = new HgrnBitLayerWeights[layers];
        for (int n = 0; n < layers; n++)
        {
            string p = $"model.layers.{n}.";
            layerWeights[n] = new HgrnBitLayerWeights
            {
                AttnNorm = checkpoint.ReadVector(p + "attn_norm.weight", h),
                IProj = BitLinear(checkpoint, p + "attn.i_proj", d, h, owners),
                FProj = BitLinear(checkpoint, p + "attn.f_proj", d, h, owners),
                GProj = BitLinear(checkpoint, p + "attn.g_proj", d, h, owners),
                GNorm = checkpoint.ReadVector(p + "attn.g_norm.weight", d),
                OProj = BitLinear(checkpoint, p + "attn.o_proj", h, d, owners),
                MlpNorm = checkpoint.ReadVector(p + "mlp_norm.weight", h),
                GateProj = BitLinear(checkpoint, p + "mlp.gate_proj", 2 * inter, h, owners),
                DownProj = BitLinear(checkpoint, p + "mlp.down_proj", h, inter, owners),
            };
        }
        float[] finalNorm = checkpoint.ReadVector("model.norm.weight", h);
        string headWeight = c.TieWordEmbeddings && !checkpoint.Contains("lm_head.weight") ? "model.embeddings.weight" : "lm_head.weight";
        BitLinearWeights lmHead = BitLinear(checkpoint, "lm_head", v, h, owners, headWeight);
        return new HgrnBitModel(c, checkpoint.Directory, embeddings, layerWeights, finalNorm, lmHead, lowerBounds, owners.ToArray());
    }

    private static BitLinearWeights BitLinear(HfCheckpoint checkpoint, string prefix, int rows, int columns, List<IDisposable> owners, string? weightName = null)
    {
        string name = weightName ?? prefix + ".weight";
        SafetensorsTensor tensor = checkpoint.Require(name, rows, columns);
        float scale = CheckpointTernarizer.ComputeWeightScale(checkpoint, tensor);
        int rowBytes = Formats.Tq2_0.RowBytes(TernaryMatrix.PadColumns(columns));
        var buffer = new NativeBuffer((long)rowBytes * rows);
        owners.Add(buffer);
        CheckpointTernarizer.PackTq2_0(checkpoint, tensor, scale, rows, columns, new Span<byte>(buffer.Pointer, checked(rowBytes * rows)));
        float[] gain = checkpoint.ReadVector(prefix + ".norm.weight", columns);
        return new BitLinearWeights(new TernaryMatrix(name, rows, columns, scale, buffer.Pointer, buffer.Length), gain);
    }

    private static byte* Unsafe(HfCheckpoint checkpoint, SafetensorsTensor tensor)
    {
        fixed (byte* p = checkpoint.FileOf(tensor).RawBytes(tensor)) return p; // the mapping outlives this frame
    }
}

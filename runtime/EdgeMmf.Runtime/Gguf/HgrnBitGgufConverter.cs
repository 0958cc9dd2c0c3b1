using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Quantization;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Converts a Hugging Face HGRN-Bit checkpoint directory into one GGUF file, tensor by tensor: each
/// BitLinear weight is read twice from the mapped safetensors (once for s_w, once to ternarize and pack
/// rows; docs/model-spec.md "BitLinear" step 3, the same <see cref="WeightTernarizer"/> the direct loader uses),
/// so memory stays at a few megabytes whatever the model size. Logits of the converted file equal those of
/// the checkpoint loaded directly (bit for bit with a float32 embedding).
/// </summary>
public static class HgrnBitGgufConverter
{
    /// <summary>Converts the checkpoint in <paramref name="checkpointDirectory"/> into a GGUF at <paramref name="outputPath"/>; <paramref name="progress"/> gets the tensor name and the bytes done and total.</summary>
    public static GgufConversionResult Convert(string checkpointDirectory, string outputPath, GgufConversionOptions options,
        Action<string, long, long>? progress = null)
    {
        using HfCheckpoint checkpoint = HfCheckpoint.Open(checkpointDirectory, options.Config);
        HgrnBitConfig c = checkpoint.Config;
        int h = c.HiddenSize, v = c.VocabSize;
        TernaryFormat format = options.WeightFormat;
        var writer = new GgufWriter();
        string name = options.Name ?? new DirectoryInfo(checkpointDirectory).Name;
        HgrnBitGgufLayout.AddMetadata(writer, c, name, format);
        GgufTokenizerData? tokenizer = options.Tokenizer?.Load(checkpointDirectory);
        if (tokenizer is not null)
        {
            try { tokenizer.Validate(v); }
            catch (ArgumentException e) { throw new ModelFormatException(checkpointDirectory, "tokenizer", e.Message, e); }
            HgrnBitGgufLayout.AddTokenizer(writer, tokenizer);
        }

        SafetensorsTensor embedding = checkpoint.Require(HgrnBitGgufKeys.Embeddings, v, h);
        EmbeddingElementType embeddingType = options.EmbeddingType ?? embedding.DType switch
        {
            SafetensorsDType.F16 => EmbeddingElementType.F16,
            SafetensorsDType.BF16 => EmbeddingElementType.BF16,
            _ => EmbeddingElementType.F32,
        };
        writer.AddTensor(HgrnBitGgufKeys.Embeddings, [h, v], GgufEmbedding.GgmlTypeOf(embeddingType),
            stream => WriteEmbedding(checkpoint, embedding, embeddingType, stream), HgrnBitGgufLayout.EmbeddingSection);
        if (c.UseLowerBound)
        {
            SafetensorsTensor raw = checkpoint.Require(HgrnBitGgufKeys.LowerBounds, c.NumHiddenLayers, h);
            HgrnBitGgufLayout.AddMatrix(writer, HgrnBitGgufKeys.LowerBounds, c.NumHiddenLayers, h, () =>
            {
                var values = new float[c.NumHiddenLayers * h];
                checkpoint.ReadFloat32(raw, 0, values);
                return values;
            });
        }

        long ternaryWeights = 0, ternaryBytes = 0;
        void BitLinear(string prefix, int rows, int columns, string? weightName = null)
        {
            SafetensorsTensor tensor = checkpoint.Require(weightName ?? prefix + ".weight", rows, columns);
            checkpoint.Require(prefix + ".norm.weight", columns);
            var row = new float[columns];
            var ternary = new sbyte[TernaryMatrix.PadColumns(columns)];
            HgrnBitGgufLayout.AddBitLinear(writer, prefix, rows, columns, format,
                () => CheckpointTernarizer.ComputeWeightScale(checkpoint, tensor),
                (r, scale, packed) =>
                {
                    checkpoint.ReadFloat32(tensor, (long)r * columns, row);
                    ternary.AsSpan().Clear();
                    WeightTernarizer.Ternarize(row, scale, ternary.AsSpan(0, columns));
                    format.Traits().PackRow(ternary, packed);
                },
                () => checkpoint.ReadVector(prefix + ".norm.weight", columns));
            ternaryWeights += (long)rows * columns;
            ternaryBytes += (long)rows * HgrnBitGgufLayout.RowBytes(format, columns);
        }

        for (int n = 0; n < c.NumHiddenLayers; n++)
        {
            string p = HgrnBitGgufKeys.Layer(n);
            (string Prefix, int Rows, int Columns)[] projections = HgrnBitGgufLayout.LayerProjections(c, n);
            HgrnBitGgufLayout.AddVector(writer, p + "attn_norm.weight", h, () => checkpoint.ReadVector(p + "attn_norm.weight", h));
            for (int k = 0; k < 3; k++) BitLinear(projections[k].Prefix, projections[k].Rows, projections[k].Columns);
            HgrnBitGgufLayout.AddVector(writer, p + "attn.g_norm.weight", c.RecurrentWidth, () => checkpoint.ReadVector(p + "attn.g_norm.weight", c.RecurrentWidth));
            BitLinear(projections[3].Prefix, projections[3].Rows, projections[3].Columns);
            HgrnBitGgufLayout.AddVector(writer, p + "mlp_norm.weight", h, () => checkpoint.ReadVector(p + "mlp_norm.weight", h));
            for (int k = 4; k < 6; k++) BitLinear(projections[k].Prefix, projections[k].Rows, projections[k].Columns);
        }
        HgrnBitGgufLayout.AddVector(writer, HgrnBitGgufKeys.FinalNorm, h, () => checkpoint.ReadVector(HgrnBitGgufKeys.FinalNorm, h));
        // A tied head without its own tensor is ternarized from the embedding, as the direct loader does.
        string headWeight = c.TieWordEmbeddings && !checkpoint.Contains("lm_head.weight") ? HgrnBitGgufKeys.Embeddings : "lm_head.weight";
        BitLinear(HgrnBitGgufKeys.LmHead, v, h, headWeight);

        string? directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (directory is not null) Directory.CreateDirectory(directory);
        writer.Write(outputPath, progress);
        return new GgufConversionResult(Path.GetFullPath(outputPath), new FileInfo(outputPath).Length, CountTensors(c),
            ternaryWeights, ternaryBytes, format, embeddingType, tokenizer is not null);
    }

    /// <summary>Tensors in an EdgeMmf HGRN-Bit file: embedding, lower bounds, 3 per BitLinear, 3 norms per layer, final norm.</summary>
    public static int CountTensors(HgrnBitConfig c) => 1 + (c.UseLowerBound ? 1 : 0) + c.NumHiddenLayers * (6 * 3 + 3) + 1 + 3;

    private static void WriteEmbedding(HfCheckpoint checkpoint, SafetensorsTensor tensor, EmbeddingElementType type, Stream stream)
    {
        int h = (int)tensor.Shape[1];
        long rows = tensor.Shape[0];
        var values = new float[h];
        var bytes = new byte[h * (type == EmbeddingElementType.F32 ? 4 : 2)];
        for (long r = 0; r < rows; r++)
        {
            checkpoint.ReadFloat32(tensor, r * h, values);
            GgufEmbedding.Encode(values, type, bytes);
            stream.Write(bytes);
        }
    }
}

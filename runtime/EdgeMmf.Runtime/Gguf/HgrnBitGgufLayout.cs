using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// How an HGRN-Bit model is laid out in GGUF (docs/gguf-format.md), shared by the checkpoint converter
/// and the in-memory exporter so both write the same file:
/// <list type="bullet">
/// <item>metadata: general.*, every hyperparameter as <c>hgrn_bit.*</c>, the tokenizer as llama.cpp keys;</item>
/// <item>BitLinear weights [m, n] as TQ2_0/TQ1_0 with ne = [pad256(n), m], blocks with d = 1.0, plus
/// "&lt;weight&gt;.scale", a one-element F32 tensor with the exact s_w (a float16 d would move logits);</item>
/// <item>the embedding [V, H] as F32/F16/BF16 with ne = [H, V]; norm gains and the raw lower bounds as F32.</item>
/// </list>
/// </summary>
public static class HgrnBitGgufLayout
{
    /// <summary>ggml's GGML_QNT_VERSION.</summary>
    public const uint QuantizationVersion = 2;

    /// <summary>
    /// Data-section order: the small float32 tensors a load reads (scales, gains, lower bounds) first and together,
    /// then the ternary weights in layer order (streamed once per token), then the embedding (one row per token).
    /// Loading then touches a contiguous ~1 MB and maps nothing else.
    /// </summary>
    public const int LoadTimeSection = 0, TernarySection = 1, EmbeddingSection = 2;

    /// <summary>Adds the general.* keys and every hyperparameter of <paramref name="c"/>.</summary>
    public static void AddMetadata(GgufWriter writer, HgrnBitConfig c, string name, TernaryFormat format)
    {
        writer.Add(HgrnBitGgufKeys.GeneralArchitecture, GgufValue.String(HgrnBitGgufKeys.Architecture));
        writer.Add(HgrnBitGgufKeys.GeneralName, GgufValue.String(name));
        writer.Add(HgrnBitGgufKeys.GeneralFileType, GgufValue.UInt32(format.Traits().GgufFileType));
        writer.Add(HgrnBitGgufKeys.GeneralQuantizationVersion, GgufValue.UInt32(QuantizationVersion));
        writer.Add(HgrnBitGgufKeys.FormatVersion, GgufValue.UInt32(HgrnBitGgufKeys.CurrentFormatVersion));
        writer.Add(HgrnBitGgufKeys.VocabSize, GgufValue.UInt32((uint)c.VocabSize));
        writer.Add(HgrnBitGgufKeys.EmbeddingLength, GgufValue.UInt32((uint)c.HiddenSize));
        writer.Add(HgrnBitGgufKeys.BlockCount, GgufValue.UInt32((uint)c.NumHiddenLayers));
        writer.Add(HgrnBitGgufKeys.FeedForwardLength, GgufValue.UInt32((uint)c.IntermediateSize));
        writer.Add(HgrnBitGgufKeys.ExpandRatio, GgufValue.UInt32((uint)c.ExpandRatio));
        writer.Add(HgrnBitGgufKeys.HiddenRatio, GgufValue.UInt32((uint)c.HiddenRatio));
        writer.Add(HgrnBitGgufKeys.NumHeads, GgufValue.UInt32((uint)c.NumHeads));
        writer.Add(HgrnBitGgufKeys.UseLowerBound, GgufValue.Bool(c.UseLowerBound));
        writer.Add(HgrnBitGgufKeys.RmsNormEps, GgufValue.Float32(c.RmsNormEps));
        writer.Add(HgrnBitGgufKeys.UseShortConv, GgufValue.Bool(c.UseShortConv));
        writer.Add(HgrnBitGgufKeys.TieWordEmbeddings, GgufValue.Bool(c.TieWordEmbeddings));
        writer.Add(HgrnBitGgufKeys.BosTokenId, GgufValue.UInt32((uint)c.BosTokenId));
        writer.Add(HgrnBitGgufKeys.EosTokenId, GgufValue.UInt32((uint)c.EosTokenId));
        writer.Add(HgrnBitGgufKeys.AttnMode, GgufValue.String(c.AttnMode));
        writer.Add(HgrnBitGgufKeys.HiddenAct, GgufValue.String(c.HiddenAct));
        writer.Add(HgrnBitGgufKeys.BitLinearNormEps, GgufValue.Float32(BitLinearWeights.NormEps));
    }

    /// <summary>Adds the vocabulary as llama.cpp's tokenizer.ggml.* keys.</summary>
    public static void AddTokenizer(GgufWriter writer, GgufTokenizerData t)
    {
        writer.Add(HgrnBitGgufKeys.TokenizerModel, GgufValue.String(GgufTokenizerData.LlamaModel));
        writer.Add(HgrnBitGgufKeys.TokenizerTokens, GgufValue.Array(t.Pieces));
        writer.Add(HgrnBitGgufKeys.TokenizerScores, GgufValue.Array(t.Scores));
        writer.Add(HgrnBitGgufKeys.TokenizerTokenType, GgufValue.Array(t.TokenTypes));
        writer.Add(HgrnBitGgufKeys.TokenizerBosId, GgufValue.UInt32((uint)t.BosTokenId));
        writer.Add(HgrnBitGgufKeys.TokenizerEosId, GgufValue.UInt32((uint)t.EosTokenId));
        writer.Add(HgrnBitGgufKeys.TokenizerUnknownId, GgufValue.UInt32((uint)t.UnknownTokenId));
        if (t.PaddingTokenId is int pad) writer.Add(HgrnBitGgufKeys.TokenizerPaddingId, GgufValue.UInt32((uint)pad));
        writer.Add(HgrnBitGgufKeys.TokenizerAddBos, GgufValue.Bool(t.AddBosToken));
        writer.Add(HgrnBitGgufKeys.TokenizerAddEos, GgufValue.Bool(t.AddEosToken));
    }

    /// <summary>The ggml type that holds rows of <paramref name="format"/>.</summary>
    public static GgmlType TernaryType(TernaryFormat format) => format.Traits().GgmlType;

    /// <summary>Packed bytes of one row of <paramref name="columns"/> weights (zero-padded to 256).</summary>
    public static int RowBytes(TernaryFormat format, int columns) =>
        format.Traits().RowBytes(TernaryMatrix.PadColumns(columns));

    /// <summary>A float32 vector tensor (norm gains) with ne = [n].</summary>
    public static void AddVector(GgufWriter writer, string name, int length, Func<float[]> values) =>
        writer.AddTensor(name, [length], GgmlType.F32, stream =>
        {
            float[] v = values();
            if (v.Length != length) throw new InvalidOperationException($"{name}: expected {length} values, got {v.Length}.");
            stream.Write(MemoryMarshal.AsBytes(v.AsSpan()));
        }, LoadTimeSection);

    /// <summary>A float32 matrix [rows, columns] (the raw lower bounds) with ne = [columns, rows].</summary>
    public static void AddMatrix(GgufWriter writer, string name, int rows, int columns, Func<float[]> values) =>
        writer.AddTensor(name, [columns, rows], GgmlType.F32, stream =>
        {
            float[] v = values();
            if (v.Length != (long)rows * columns) throw new InvalidOperationException($"{name}: expected {rows * columns} values, got {v.Length}.");
            stream.Write(MemoryMarshal.AsBytes(v.AsSpan()));
        }, LoadTimeSection);

    /// <summary>
    /// One BitLinear: "&lt;weight&gt;.scale" (F32 [1], computed first by <paramref name="scale"/>), the packed
    /// weight ([pad256(columns), rows], each row produced by <paramref name="packRow"/> given s_w), and the
    /// norm gain "&lt;prefix&gt;.norm.weight" (F32 [columns]).
    /// </summary>
    public static void AddBitLinear(GgufWriter writer, string prefix, int rows, int columns, TernaryFormat format,
        Func<float> scale, Action<int, float, Span<byte>> packRow, Func<float[]> gain)
    {
        string weightName = prefix + ".weight";
        float computed = float.NaN;
        writer.AddTensor(weightName + HgrnBitGgufKeys.ScaleSuffix, [1], GgmlType.F32, stream =>
        {
            computed = scale();
            Span<byte> bytes = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes, computed);
            stream.Write(bytes);
        }, LoadTimeSection);
        int rowBytes = RowBytes(format, columns);
        writer.AddTensor(weightName, [TernaryMatrix.PadColumns(columns), rows], TernaryType(format), stream =>
        {
            // Rows are packed in groups of about 1 MB: bounded memory, few stream writes.
            int rowsPerChunk = Math.Max(1, (1 << 20) / rowBytes);
            var chunk = new byte[Math.Min(rows, rowsPerChunk) * rowBytes];
            for (int first = 0; first < rows; first += rowsPerChunk)
            {
                int count = Math.Min(rowsPerChunk, rows - first);
                for (int r = 0; r < count; r++) packRow(first + r, computed, chunk.AsSpan(r * rowBytes, rowBytes));
                stream.Write(chunk, 0, count * rowBytes);
            }
        }, TernarySection);
        AddVector(writer, prefix + ".norm.weight", columns, gain);
    }

    /// <summary>The BitLinear prefixes of layer <paramref name="n"/> with their [rows, columns], in file order.</summary>
    public static (string Prefix, int Rows, int Columns)[] LayerProjections(HgrnBitConfig c, int n)
    {
        string p = HgrnBitGgufKeys.Layer(n);
        int h = c.HiddenSize, d = c.RecurrentWidth, inter = c.IntermediateSize;
        return
        [
            (p + "attn.i_proj", d, h),
            (p + "attn.f_proj", d, h),
            (p + "attn.g_proj", d, h),
            (p + "attn.o_proj", h, d),
            (p + "mlp.gate_proj", 2 * inter, h),
            (p + "mlp.down_proj", h, inter),
        ];
    }
}

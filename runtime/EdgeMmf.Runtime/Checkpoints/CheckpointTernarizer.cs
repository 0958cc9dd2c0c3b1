using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Quantization;

namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// Streams a latent BitLinear weight out of a checkpoint into ternary TQ2_0 rows, a bounded chunk at a
/// time, so neither loading nor converting ever holds a whole float32 tensor (a 2.7B gate_proj is 141 MB).
/// </summary>
public static class CheckpointTernarizer
{
    private const int ChunkElements = 1 << 16;

    /// <summary>s_w over the whole tensor (float64 accumulation, docs/model-spec.md "Numerical fidelity" 2).</summary>
    public static float ComputeWeightScale(HfCheckpoint checkpoint, SafetensorsTensor tensor)
    {
        var chunk = new float[(int)Math.Min(ChunkElements, tensor.ElementCount)];
        double sum = 0;
        long count = tensor.ElementCount;
        for (long start = 0; start < count; start += chunk.Length)
        {
            Span<float> part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, count - start));
            checkpoint.ReadFloat32(tensor, start, part);
            sum += WeightTernarizer.SumAbs(part);
        }
        float scale = WeightTernarizer.ScaleFromSum(sum, count);
        if (!float.IsFinite(scale) || scale <= 0)
            throw new ModelFormatException(checkpoint.FileOf(tensor).Path, tensor.Name,
                $"holds NaN or infinite values, so its weight scale s_w is {scale}; the checkpoint is damaged.");
        return scale;
    }

    /// <summary>Writes every row of <paramref name="tensor"/> ([rows, columns]) as TQ2_0, zero-padded to whole blocks.</summary>
    public static void PackTq2_0(HfCheckpoint checkpoint, SafetensorsTensor tensor, float scale, int rows, int columns, Span<byte> destination)
    {
        int paddedColumns = Kernels.TernaryMatrix.PadColumns(columns);
        int rowBytes = Tq2_0.RowBytes(paddedColumns);
        var row = new float[columns];
        var ternary = new sbyte[paddedColumns];
        for (int r = 0; r < rows; r++)
        {
            checkpoint.ReadFloat32(tensor, (long)r * columns, row);
            WeightTernarizer.TernarizeRowTq2_0(row, scale, ternary, destination.Slice(r * rowBytes, rowBytes));
        }
    }
}

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Block geometry of every ggml type, in one table like ggml's <c>type_traits</c>: a row of
/// <c>ne0</c> elements takes <c>ne0 / BlockSize * TypeSize</c> bytes, and <c>ne0</c> must be a multiple
/// of <c>BlockSize</c>. Values from ggml.c's <c>type_traits</c> and ggml-common.h's block structs
/// (QK_K = 256), cross-checked against @huggingface/gguf's table (docs/gguf-format.md). A reader needs them for every type, not just the ones EdgeMmf writes, to check sizes.
/// </summary>
public static class GgmlTypeTable
{
    /// <summary>(elements per block, bytes per block) for <paramref name="type"/>; false for ids ggml does not define.</summary>
    public static bool TryGet(uint type, out int blockSize, out int typeSize)
    {
        (blockSize, typeSize) = (GgmlType)type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.Q4_0 => (32, 18),      // half d + 16 nibble bytes
            GgmlType.Q4_1 => (32, 20),      // half d, m + 16
            GgmlType.Q5_0 => (32, 22),      // half d + 4 qh + 16
            GgmlType.Q5_1 => (32, 24),      // half d, m + 4 qh + 16
            GgmlType.Q8_0 => (32, 34),      // half d + 32
            GgmlType.Q8_1 => (32, 36),      // half d, s + 32
            GgmlType.Q2_K => (256, 84),
            GgmlType.Q3_K => (256, 110),
            GgmlType.Q4_K => (256, 144),
            GgmlType.Q5_K => (256, 176),
            GgmlType.Q6_K => (256, 210),
            GgmlType.Q8_K => (256, 292),    // float d + 256 + 16 int16 bsums
            GgmlType.IQ2_XXS => (256, 66),
            GgmlType.IQ2_XS => (256, 74),
            GgmlType.IQ3_XXS => (256, 98),
            GgmlType.IQ1_S => (256, 50),
            GgmlType.IQ4_NL => (32, 18),
            GgmlType.IQ3_S => (256, 110),
            GgmlType.IQ2_S => (256, 82),
            GgmlType.IQ4_XS => (256, 136),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.F64 => (1, 8),
            GgmlType.IQ1_M => (256, 56),
            GgmlType.BF16 => (1, 2),
            GgmlType.TQ1_0 => (Formats.Tq1_0.BlockWeights, Formats.Tq1_0.BlockBytes),   // 256, 54
            GgmlType.TQ2_0 => (Formats.Tq2_0.BlockWeights, Formats.Tq2_0.BlockBytes),   // 256, 66
            GgmlType.MXFP4 => (32, 17),     // e8m0 scale + 16 nibble bytes
            // Newer types, geometry as @huggingface/gguf 0.4.6 lists it (docs/gguf-format.md).
            GgmlType.NVFP4 => (64, 36),
            GgmlType.Q1_0 => (128, 18),
            GgmlType.Q2_0 => (64, 18),
            _ => (0, 0),
        };
        return blockSize != 0;
    }

    /// <summary>ggml's name for a type ("tq2_0"), or "type N" for unknown ids.</summary>
    public static string Name(uint type) =>
        TryGet(type, out _, out _) ? ((GgmlType)type).ToString().ToLowerInvariant() : $"type {type}";
}

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// ggml tensor element types with ggml's numeric ids (<c>enum ggml_type</c> in ggml.h; ids 4, 5, 31..33
/// and 36..38 belong to removed types and are not valid in a file). The id is what a GGUF tensor info stores.
/// </summary>
public enum GgmlType : uint
{
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0,
    /// <summary>16-bit IEEE float.</summary>
    F16 = 1,
    /// <summary>ggml 4-bit block quantization, scale only.</summary>
    Q4_0 = 2,
    /// <summary>ggml 4-bit block quantization, scale and minimum.</summary>
    Q4_1 = 3,
    /// <summary>ggml 5-bit block quantization, scale only.</summary>
    Q5_0 = 6,
    /// <summary>ggml 5-bit block quantization, scale and minimum.</summary>
    Q5_1 = 7,
    /// <summary>ggml 8-bit block quantization, scale only.</summary>
    Q8_0 = 8,
    /// <summary>ggml 8-bit block quantization, scale and sum.</summary>
    Q8_1 = 9,
    /// <summary>ggml 2-bit k-quant.</summary>
    Q2_K = 10,
    /// <summary>ggml 3-bit k-quant.</summary>
    Q3_K = 11,
    /// <summary>ggml 4-bit k-quant.</summary>
    Q4_K = 12,
    /// <summary>ggml 5-bit k-quant.</summary>
    Q5_K = 13,
    /// <summary>ggml 6-bit k-quant.</summary>
    Q6_K = 14,
    /// <summary>ggml 8-bit k-quant (intermediate for dot products).</summary>
    Q8_K = 15,
    /// <summary>ggml i-quant.</summary>
    IQ2_XXS = 16,
    /// <summary>ggml i-quant.</summary>
    IQ2_XS = 17,
    /// <summary>ggml i-quant.</summary>
    IQ3_XXS = 18,
    /// <summary>ggml i-quant.</summary>
    IQ1_S = 19,
    /// <summary>ggml 4-bit non-linear quantization.</summary>
    IQ4_NL = 20,
    /// <summary>ggml i-quant.</summary>
    IQ3_S = 21,
    /// <summary>ggml i-quant.</summary>
    IQ2_S = 22,
    /// <summary>ggml 4-bit i-quant with super-block scales.</summary>
    IQ4_XS = 23,
    /// <summary>8-bit signed integer.</summary>
    I8 = 24,
    /// <summary>16-bit signed integer.</summary>
    I16 = 25,
    /// <summary>32-bit signed integer.</summary>
    I32 = 26,
    /// <summary>64-bit signed integer.</summary>
    I64 = 27,
    /// <summary>64-bit IEEE float.</summary>
    F64 = 28,
    /// <summary>ggml i-quant.</summary>
    IQ1_M = 29,
    /// <summary>bfloat16.</summary>
    BF16 = 30,
    /// <summary>Ternary, five trits per byte (<see cref="Formats.Tq1_0"/>).</summary>
    TQ1_0 = 34,
    /// <summary>Ternary, two bits per weight (<see cref="Formats.Tq2_0"/>).</summary>
    TQ2_0 = 35,
    /// <summary>4-bit microscaling float (OCP MX).</summary>
    MXFP4 = 39,
    /// <summary>NVIDIA 4-bit float.</summary>
    NVFP4 = 40,
    /// <summary>ggml 1-bit block type.</summary>
    Q1_0 = 41,
    /// <summary>ggml 2-bit block type.</summary>
    Q2_0 = 42,
}

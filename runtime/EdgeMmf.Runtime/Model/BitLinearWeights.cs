using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// One BitLinear projection (docs/model-spec.md "BitLinear"): its own RMSNorm gain g [n], applied with
/// eps 1e-6 before activation quantization, and the ternary weight W [m, n] with scale s_w.
/// </summary>
public sealed class BitLinearWeights(TernaryMatrix weight, float[] normGain)
{
    /// <summary>The fused kernel's eps (docs/model-spec.md "BitLinear" step 1: the module's own 1e-8 field is not used on this path).</summary>
    public const float NormEps = ActivationQuantizer.BitLinearEps;

    /// <summary>W [m, n], ternary and packed, with its scale s_w.</summary>
    public TernaryMatrix Weight { get; } = weight;
    /// <summary>The RMSNorm gain g [n] applied before activation quantization (docs/model-spec.md "BitLinear" step 1).</summary>
    public float[] NormGain { get; } = normGain;
    /// <summary>n: the input width.</summary>
    public int InFeatures => Weight.Columns;
    /// <summary>m: the output width.</summary>
    public int OutFeatures => Weight.Rows;
}

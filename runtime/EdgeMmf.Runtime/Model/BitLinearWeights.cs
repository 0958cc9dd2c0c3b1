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

    public TernaryMatrix Weight { get; } = weight;
    public float[] NormGain { get; } = normGain;
    public int InFeatures => Weight.Columns;
    public int OutFeatures => Weight.Rows;
}

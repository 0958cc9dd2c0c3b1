using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Offload;

/// <summary>
/// A device that can compute BitLinear integer accumulators for some projections
/// (acc_i = sum_j q_j * t_ij, docs/model-spec.md "BitLinear" step 4) in place of the CPU kernels.
/// The runtime asks <see cref="Handles"/> once per matrix at model set-up, and calls
/// <see cref="TryComputeAccumulators"/> on the token loop. Returning false means the device
/// failed; the runtime then computes that projection (and every later one) on the CPU, so the
/// generated text is unchanged. Implementations must not allocate per call.
/// </summary>
public interface IProjectionOffload
{
    /// <summary>Whether this device will run <paramref name="matrix"/> of layer <paramref name="layer"/> (-1 for lm_head).</summary>
    bool Handles(int layer, TernaryMatrix matrix);

    /// <summary>
    /// Computes accumulators for <paramref name="tokens"/> activation vectors laid out back to back
    /// (each <c>matrix.PaddedColumns</c> int8 values, zero-padded) into <paramref name="accumulators"/>
    /// (each <c>matrix.Rows</c> int32 values). Returns false if the device failed.
    /// </summary>
    bool TryComputeAccumulators(TernaryMatrix matrix, ReadOnlySpan<sbyte> activations, int tokens, Span<int> accumulators);

    /// <summary>A one-line reason after a failure (for the single stderr notice), else null.</summary>
    string? FailureReason { get; }
}

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One BitLinear's integer projection and its rescaling, handed to <see cref="TernaryProjector.Project(ProjectionTask)"/>:
/// output[t * Rows + i] = (sum_j x[t * PaddedColumns + j] * t_ij) / Denominators[t], where the denominator is
/// s_x * s_w of docs/model-spec.md "BitLinear" step 4 for token t. The division happens on the worker that computed
/// the row, while the accumulator is still in cache, and is IEEE division exactly as in the scalar oracle.
/// </summary>
public readonly ref struct ProjectionTask
{
    /// <summary>Checks the shapes against <paramref name="weights"/> and holds the call's spans.</summary>
    /// <param name="weights">The BitLinear weight, Rows x PaddedColumns.</param>
    /// <param name="activations">int8 activations, PaddedColumns per token (zero-padded).</param>
    /// <param name="tokens">Tokens in the call (at least 1).</param>
    /// <param name="denominators">s_x * s_w per token (at least <paramref name="tokens"/> of them).</param>
    /// <param name="output">Rows floats per token.</param>
    public ProjectionTask(TernaryMatrix weights, ReadOnlySpan<sbyte> activations, int tokens, ReadOnlySpan<float> denominators, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.CheckCall(tokens, activations.Length, nameof(activations), output.Length, nameof(output), "outputs");
        if (denominators.Length < tokens)
            throw new ArgumentException($"{weights.Name}: {tokens} token(s) need {tokens} denominators, got {denominators.Length}.", nameof(denominators));
        Weights = weights;
        Activations = activations;
        Tokens = tokens;
        Denominators = denominators;
        Output = output;
    }

    /// <summary>The BitLinear weight.</summary>
    public TernaryMatrix Weights { get; }
    /// <summary>int8 activations, <see cref="TernaryMatrix.PaddedColumns"/> per token.</summary>
    public ReadOnlySpan<sbyte> Activations { get; }
    /// <summary>Tokens in the call.</summary>
    public int Tokens { get; }
    /// <summary>s_x * s_w per token (docs/model-spec.md "BitLinear" step 4).</summary>
    public ReadOnlySpan<float> Denominators { get; }
    /// <summary>The projection, <see cref="TernaryMatrix.Rows"/> floats per token.</summary>
    public Span<float> Output { get; }
}

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One BitLinear's integer projection and its rescaling, handed to <see cref="TernaryProjector.Project(ProjectionTask)"/>:
/// output[t * Rows + i] = (sum_j x[t * PaddedColumns + j] * t_ij) / Denominators[t], where the denominator is
/// s_x * s_w of docs/model-spec.md "BitLinear" step 4 for token t. The division happens on the worker that computed
/// the row, while the accumulator is still in cache, and is IEEE division exactly as in the scalar oracle.
/// </summary>
public readonly ref struct ProjectionTask
{
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

    public TernaryMatrix Weights { get; }
    public ReadOnlySpan<sbyte> Activations { get; }
    public int Tokens { get; }
    public ReadOnlySpan<float> Denominators { get; }
    public Span<float> Output { get; }
}

using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// What a decode step reads next, built once per model and consulted by <see cref="TernaryProjector"/> at each call:
/// for the call that starts with a given matrix, the matrices of the call after it (<see cref="TernaryProjector.ExpectNext"/>)
/// and the small arrays the serial steps read as soon as it returns (<see cref="TernaryProjector.ReadAfterNextCall"/>).
/// The order is the forward pass's (docs/model-spec.md "One token step"): per layer i|f|g, o, gate|up, down; then the LM head,
/// then layer 0 of the next token. Hints only: results never depend on them.
/// </summary>
internal sealed class ReadAheadSchedule
{
    /// <summary>What to announce when the call keyed by a matrix runs.</summary>
    /// <param name="NextA">The first matrix of the call after it.</param>
    /// <param name="NextB">Its second matrix, if that call takes several (a layer's i, f and g).</param>
    /// <param name="NextC">Its third matrix.</param>
    /// <param name="Arrays">Arrays the caller reads right after the call; <see cref="RecurrentLayer"/>'s state is added when bound.</param>
    /// <param name="RecurrentLayer">The layer whose recurrent state h the caller reads after the call, or -1.</param>
    internal sealed record Step(TernaryMatrix NextA, TernaryMatrix? NextB, TernaryMatrix? NextC, float[][] Arrays, int RecurrentLayer);

    private readonly Dictionary<TernaryMatrix, Step> _steps = new(ReferenceEqualityComparer.Instance);
    private RecurrentState? _state;

    /// <summary>The schedule of <paramref name="model"/>'s forward pass.</summary>
    /// <param name="model">The model whose calls it orders.</param>
    /// <param name="oneMinusLowerBound">Per layer, 1 - lb (read with lb by the forget gate after i|f|g).</param>
    public ReadAheadSchedule(HgrnBitModel model, float[][] oneMinusLowerBound)
    {
        HgrnBitLayerWeights[] layers = model.Layers;
        for (int n = 0; n < layers.Length; n++)
        {
            HgrnBitLayerWeights w = layers[n];
            // After i|f|g: the gates read h, g's norm, o's gain and (from layer 1) the lower bound.
            float[][] afterIfg = n > 0 && model.LowerBounds is float[][] lb
                ? [w.GNorm, w.OProj.NormGain, lb[n], oneMinusLowerBound[n]]
                : [w.GNorm, w.OProj.NormGain];
            Set(w.IProj.Weight, new Step(w.OProj.Weight, null, null, afterIfg, n));
            Set(w.OProj.Weight, new Step(w.GateProj.Weight, null, null, [w.MlpNorm, w.GateProj.NormGain], -1));
            Set(w.GateProj.Weight, new Step(w.DownProj.Weight, null, null, [w.DownProj.NormGain], -1));
            if (n + 1 < layers.Length)
            {
                HgrnBitLayerWeights next = layers[n + 1];
                Set(w.DownProj.Weight, new Step(next.IProj.Weight, next.FProj.Weight, next.GProj.Weight,
                    [next.AttnNorm, next.IProj.NormGain, next.FProj.NormGain, next.GProj.NormGain], -1));
            }
            else
            {
                // A prompt chunk before the last computes no logits, so there this guess is wrong: it costs only
                // bandwidth, once per chunk of prefill, which is compute-bound.
                Set(w.DownProj.Weight, new Step(model.LmHead.Weight, null, null, [model.FinalNorm, model.LmHead.NormGain], -1));
            }
        }
        if (layers.Length > 0)
        {
            HgrnBitLayerWeights first = layers[0];
            Set(model.LmHead.Weight, new Step(first.IProj.Weight, first.FProj.Weight, first.GProj.Weight, [], -1));
        }
    }

    /// <summary>Whose recurrent state the steps name (the pass's <see cref="InferenceState.Recurrent"/>); cheap when unchanged.</summary>
    public void Bind(RecurrentState state) => _state = state;

    /// <summary>The step for the call that starts with <paramref name="first"/>, or null when the schedule has none.</summary>
    public Step? StepAfter(TernaryMatrix first) => _steps.GetValueOrDefault(first);

    /// <summary>
    /// Announces to <paramref name="projector"/> what follows the call that starts with <paramref name="first"/>,
    /// if the schedule has it.
    /// </summary>
    public void Announce(TernaryMatrix first, TernaryProjector projector)
    {
        if (StepAfter(first) is not Step step) return;
        projector.ExpectNext(step.NextA, step.NextB, step.NextC);
        if (step.RecurrentLayer >= 0 && _state is not null) projector.ReadAfterNextCall(_state.H[step.RecurrentLayer]);
        foreach (float[] array in step.Arrays) projector.ReadAfterNextCall(array);
    }

    /// <summary>Several layers may share a matrix in synthetic models; the later step wins (hints only).</summary>
    private void Set(TernaryMatrix key, Step step) => _steps[key] = step;
}

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
    /// <param name="Arrays">Arrays the caller reads right after the call.</param>
    /// <param name="NextCut">How the call after it cuts its rows (i|f|g and gate|up by channel).</param>
    internal sealed record Step(TernaryMatrix NextA, TernaryMatrix? NextB, TernaryMatrix? NextC, float[][] Arrays, CallCut NextCut = CallCut.RowsEndToEnd);

    private readonly Dictionary<TernaryMatrix, Step> _steps = new(ReferenceEqualityComparer.Instance);

    /// <summary>The schedule of <paramref name="model"/>'s forward pass.</summary>
    /// <param name="model">The model whose calls it orders.</param>
    public ReadAheadSchedule(HgrnBitModel model)
    {
        HgrnBitLayerWeights[] layers = model.Layers;
        for (int n = 0; n < layers.Length; n++)
        {
            HgrnBitLayerWeights w = layers[n];
            // After i|f|g (whose workers ran the gates and the recurrence on their channels): g's norm and o's gain.
            Set(w.IProj.Weight, new Step(w.OProj.Weight, null, null, [w.GNorm, w.OProj.NormGain]));
            Set(w.OProj.Weight, new Step(w.GateProj.Weight, null, null, [w.MlpNorm, w.GateProj.NormGain], CallCut.Halves));
            Set(w.GateProj.Weight, new Step(w.DownProj.Weight, null, null, [w.DownProj.NormGain]));
            if (n + 1 < layers.Length)
            {
                HgrnBitLayerWeights next = layers[n + 1];
                Set(w.DownProj.Weight, new Step(next.IProj.Weight, next.FProj.Weight, next.GProj.Weight,
                    [next.AttnNorm, next.IProj.NormGain, next.FProj.NormGain, next.GProj.NormGain], CallCut.Channels));
            }
            else
            {
                // A prompt chunk before the last computes no logits, so there this guess is wrong: it costs only
                // bandwidth, once per chunk of prefill, which is compute-bound.
                Set(w.DownProj.Weight, new Step(model.LmHead.Weight, null, null, [model.FinalNorm, model.LmHead.NormGain]));
            }
        }
        if (layers.Length > 0)
        {
            HgrnBitLayerWeights first = layers[0];
            Set(model.LmHead.Weight, new Step(first.IProj.Weight, first.FProj.Weight, first.GProj.Weight, [], CallCut.Channels));
        }
    }

    /// <summary>The step for the call that starts with <paramref name="first"/>, or null when the schedule has none.</summary>
    public Step? StepAfter(TernaryMatrix first) => _steps.GetValueOrDefault(first);

    /// <summary>
    /// Announces to <paramref name="projector"/> what follows the call that starts with <paramref name="first"/>,
    /// if the schedule has it.
    /// </summary>
    public void Announce(TernaryMatrix first, TernaryProjector projector)
    {
        if (StepAfter(first) is not Step step) return;
        projector.ExpectNext(step.NextA, step.NextB, step.NextC, step.NextCut);
        foreach (float[] array in step.Arrays) projector.ReadAfterNextCall(array);
    }

    /// <summary>Several layers may share a matrix in synthetic models; the later step wins (hints only).</summary>
    private void Set(TernaryMatrix key, Step step) => _steps[key] = step;
}

using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// A loaded MatMul-free LM: config, weights ready for the forward pass (ternary weights packed,
/// lower bounds computed), and whatever keeps their memory alive (mapped files, native buffers).
/// Build one with <see cref="HgrnBitCheckpointLoader"/> (Hugging Face directory) or the GGUF loader.
/// </summary>
public sealed class HgrnBitModel : IDisposable
{
    private readonly IDisposable[] _owners;

    /// <summary>A model over weights that <paramref name="owners"/> keep alive; it disposes them.</summary>
    public HgrnBitModel(HgrnBitConfig config, string source, EmbeddingTable embeddings, HgrnBitLayerWeights[] layers,
        float[] finalNorm, BitLinearWeights lmHead, float[][]? lowerBounds, IDisposable[] owners)
    {
        Config = config;
        Source = source;
        Embeddings = embeddings;
        Layers = layers;
        FinalNorm = finalNorm;
        LmHead = lmHead;
        LowerBounds = lowerBounds;
        _owners = owners;
    }

    /// <summary>The hyperparameters.</summary>
    public HgrnBitConfig Config { get; }
    /// <summary>Where the model came from (a directory or a file), for messages.</summary>
    public string Source { get; }
    /// <summary>The token embedding [V, H].</summary>
    public EmbeddingTable Embeddings { get; }
    /// <summary>The blocks, in order.</summary>
    public HgrnBitLayerWeights[] Layers { get; }
    /// <summary>The final RMSNorm gain [H].</summary>
    public float[] FinalNorm { get; }
    /// <summary>The [V, H] BitLinear that produces the logits.</summary>
    public BitLinearWeights LmHead { get; }
    /// <summary>lb[N][H], or null when use_lower_bound is false.</summary>
    public float[][]? LowerBounds { get; }

    /// <summary>Where the ternary weights live (<see cref="WeightArena"/> moves them to huge pages).</summary>
    public WeightPlacement Placement { get; init; } = WeightPlacement.Mapped;

    /// <summary>For <see cref="WeightPlacement.HugePages"/>: the kernel accepted the advice (it may still refuse
    /// some pages, e.g. when memory is fragmented).</summary>
    public bool HugePagesAdvised { get; init; }

    /// <summary>
    /// This model with its projections replaced (same shapes, other memory), owning everything this one owned
    /// plus <paramref name="newOwner"/>. This instance must not be used or disposed afterwards.
    /// </summary>
    internal HgrnBitModel WithProjections(HgrnBitLayerWeights[] layers, BitLinearWeights lmHead, IDisposable newOwner,
        WeightPlacement placement, bool hugePagesAdvised) =>
        new(Config, Source, Embeddings, layers, FinalNorm, lmHead, LowerBounds, [.. _owners, newOwner])
        {
            Placement = placement,
            HugePagesAdvised = hugePagesAdvised,
        };

    /// <summary>Bytes of packed ternary weights read per decoded token (every projection once).</summary>
    public long PackedWeightBytesPerToken
    {
        get
        {
            long total = LmHead.Weight.PackedBytes;
            foreach (HgrnBitLayerWeights layer in Layers)
                foreach (BitLinearWeights p in layer.Projections) total += p.Weight.PackedBytes;
            return total;
        }
    }

    /// <summary>Ternary weights multiplied per decoded token (every projection once): one MAC each.</summary>
    public long TernaryWeightsPerToken
    {
        get
        {
            long total = (long)LmHead.Weight.Rows * LmHead.Weight.Columns;
            foreach (HgrnBitLayerWeights layer in Layers)
                foreach (BitLinearWeights p in layer.Projections) total += (long)p.Weight.Rows * p.Weight.Columns;
            return total;
        }
    }

    /// <summary>The projections' block format, "tq2_0" or "tq1_0" (as <c>convert --type</c> names them), or "mixed".</summary>
    public string TernaryTypeName
    {
        get
        {
            TernaryFormat format = LmHead.Weight.Format;
            foreach (HgrnBitLayerWeights layer in Layers)
                foreach (BitLinearWeights p in layer.Projections)
                    if (p.Weight.Format != format) return "mixed";
            return format.Traits().Name;
        }
    }

    /// <summary>Releases the memory the weights live in (mappings, native buffers).</summary>
    public void Dispose()
    {
        foreach (IDisposable owner in _owners) owner.Dispose();
    }
}

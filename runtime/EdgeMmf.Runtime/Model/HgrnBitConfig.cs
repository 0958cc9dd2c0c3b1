namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The hyperparameters of an HGRN-Bit (MatMul-free LM) checkpoint, as config.json states them
/// (docs/model-spec.md "Checkpoint layout"), with the derived sizes the forward pass uses.
/// </summary>
public sealed record HgrnBitConfig
{
    public int VocabSize { get; init; } = 32000;
    public int HiddenSize { get; init; } = 2048;
    public int NumHiddenLayers { get; init; } = 24;
    public int NumHeads { get; init; } = 1;
    public int ExpandRatio { get; init; } = 1;
    public int HiddenRatio { get; init; } = 4;
    /// <summary>Null means "derive from hidden size" (<see cref="IntermediateSize"/>).</summary>
    public int? IntermediateSizeOverride { get; init; }
    public bool UseLowerBound { get; init; } = true;
    public float RmsNormEps { get; init; } = 1e-6f;
    public bool UseShortConv { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public int BosTokenId { get; init; } = 1;
    public int EosTokenId { get; init; } = 2;
    public string AttnMode { get; init; } = "fused_recurrent";
    public string HiddenAct { get; init; } = "swish";

    /// <summary>H.</summary>
    public int Hidden => HiddenSize;

    /// <summary>D = H * expand_ratio: the width of the MLGRU recurrence.</summary>
    public int RecurrentWidth => HiddenSize * ExpandRatio;

    /// <summary>
    /// I = intermediate_size, or when null 256 * ceil(floor(H * hidden_ratio * 2/3) / 256)
    /// (docs/model-spec.md "Derived sizes"; HGRNBitMLP rounds up to a multiple of 256).
    /// </summary>
    public int IntermediateSize
    {
        get
        {
            if (IntermediateSizeOverride is int explicitSize) return explicitSize;
            long raw = (long)HiddenSize * HiddenRatio * 2 / 3;
            return (int)((raw + 255) / 256 * 256);
        }
    }

    /// <summary>Ternary weights in one layer: 3*D*H + H*D + 2I*H + H*I (docs/model-spec.md "Sizes").</summary>
    public long TernaryWeightsPerLayer =>
        3L * RecurrentWidth * HiddenSize + (long)HiddenSize * RecurrentWidth + 2L * IntermediateSize * HiddenSize + (long)HiddenSize * IntermediateSize;

    /// <summary>All ternary weights: every layer plus the V x H lm_head.</summary>
    public long TernaryWeights => TernaryWeightsPerLayer * NumHiddenLayers + (long)VocabSize * HiddenSize;

    /// <summary>The whole context of the model: one D-wide state vector per layer.</summary>
    public long RecurrentStateFloats => (long)NumHiddenLayers * RecurrentWidth;
}

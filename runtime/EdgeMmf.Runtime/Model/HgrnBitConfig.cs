namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The hyperparameters of an HGRN-Bit (MatMul-free LM) checkpoint, as config.json states them
/// (docs/model-spec.md "Checkpoint layout"), with the derived sizes the forward pass uses.
/// </summary>
public sealed record HgrnBitConfig
{
    /// <summary>V: vocab_size.</summary>
    public int VocabSize { get; init; } = 32000;
    /// <summary>H: hidden_size.</summary>
    public int HiddenSize { get; init; } = 2048;
    /// <summary>L: num_hidden_layers.</summary>
    public int NumHiddenLayers { get; init; } = 24;
    /// <summary>num_heads (docs/model-spec.md "config.json" names the values implemented).</summary>
    public int NumHeads { get; init; } = 1;
    /// <summary>expand_ratio: D = H * expand_ratio.</summary>
    public int ExpandRatio { get; init; } = 1;
    /// <summary>hidden_ratio, from which I is derived when intermediate_size is null.</summary>
    public int HiddenRatio { get; init; } = 4;
    /// <summary>Null means "derive from hidden size" (<see cref="IntermediateSize"/>).</summary>
    public int? IntermediateSizeOverride { get; init; }
    /// <summary>use_lower_bound: whether the forget gates have lower bounds (docs/model-spec.md "Forget-gate lower bounds").</summary>
    public bool UseLowerBound { get; init; } = true;
    /// <summary>rms_norm_eps of the block and final RMSNorms (not the BitLinear one).</summary>
    public float RmsNormEps { get; init; } = 1e-6f;
    /// <summary>use_short_conv (must be false).</summary>
    public bool UseShortConv { get; init; }
    /// <summary>tie_word_embeddings.</summary>
    public bool TieWordEmbeddings { get; init; }
    /// <summary>bos_token_id.</summary>
    public int BosTokenId { get; init; } = 1;
    /// <summary>eos_token_id.</summary>
    public int EosTokenId { get; init; } = 2;
    /// <summary>attn_mode, as config.json states it.</summary>
    public string AttnMode { get; init; } = "fused_recurrent";
    /// <summary>hidden_act, as config.json states it.</summary>
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

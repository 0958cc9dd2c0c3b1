using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>What <see cref="HgrnBitGgufConverter"/> writes.</summary>
public sealed record GgufConversionOptions
{
    /// <summary>Block layout of the ternary weights: TQ2_0 (2.06 bits, fastest) or TQ1_0 (1.69 bits, smallest).</summary>
    public TernaryFormat WeightFormat { get; init; } = TernaryFormat.Tq2_0;

    /// <summary>
    /// Element type of the embedding; null keeps the checkpoint's (F32 stays F32, so converted and
    /// unconverted logits are identical; F16 and BF16 stay as they are, losslessly).
    /// </summary>
    public EmbeddingElementType? EmbeddingType { get; init; }

    /// <summary>Where the vocabulary comes from; null writes no tokenizer.</summary>
    public ITokenizerSource? Tokenizer { get; init; }

    /// <summary>How config.json fields EdgeMmf does not know are treated.</summary>
    public Checkpoints.HfConfigPolicy Config { get; init; } = Checkpoints.HfConfigPolicy.Lenient;

    /// <summary>general.name; null uses the checkpoint directory's name.</summary>
    public string? Name { get; init; }
}

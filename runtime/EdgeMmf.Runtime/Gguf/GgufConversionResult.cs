using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>What a conversion wrote, for the command's summary line.</summary>
public sealed record GgufConversionResult(
    string Path, long FileBytes, int TensorCount, long TernaryWeights, long TernaryBytes,
    TernaryFormat WeightFormat, EmbeddingElementType EmbeddingType, bool TokenizerEmbedded)
{
    /// <summary>Bits per ternary weight as stored (packed bytes incl. padding and block scales, over logical weights).</summary>
    public double BitsPerTernaryWeight => TernaryWeights == 0 ? 0 : TernaryBytes * 8.0 / TernaryWeights;
}

namespace EdgeMmf.Runtime.Model;

/// <summary>The weights of one HGRN-Bit block: the MLGRU token mixer and the GLU channel mixer.</summary>
public sealed class HgrnBitLayerWeights
{
    /// <summary>The RMSNorm gain before the token mixer.</summary>
    public required float[] AttnNorm { get; init; }
    /// <summary>[D, H]: the MLGRU input projection (docs/model-spec.md "MLGRU").</summary>
    public required BitLinearWeights IProj { get; init; }
    /// <summary>[D, H]: the MLGRU forget-gate projection (docs/model-spec.md "MLGRU").</summary>
    public required BitLinearWeights FProj { get; init; }
    /// <summary>[D, H]: the MLGRU g projection, RMS-normalized into the output gate (docs/model-spec.md "MLGRU").</summary>
    public required BitLinearWeights GProj { get; init; }
    /// <summary>The RMSNorm gain of g in the output gate (docs/model-spec.md "MLGRU").</summary>
    public required float[] GNorm { get; init; }
    /// <summary>[H, D]: the token mixer's output projection.</summary>
    public required BitLinearWeights OProj { get; init; }
    /// <summary>The RMSNorm gain before the channel mixer.</summary>
    public required float[] MlpNorm { get; init; }
    /// <summary>[2I, H]: rows 0..I-1 are the gate, rows I..2I-1 the value (docs/model-spec.md "MLGRU").</summary>
    public required BitLinearWeights GateProj { get; init; }
    /// <summary>[H, I]: the channel mixer's down projection.</summary>
    public required BitLinearWeights DownProj { get; init; }

    /// <summary>The layer's projections in a fixed order (for offload set-up and byte counts).</summary>
    public BitLinearWeights[] Projections => [IProj, FProj, GProj, OProj, GateProj, DownProj];
}

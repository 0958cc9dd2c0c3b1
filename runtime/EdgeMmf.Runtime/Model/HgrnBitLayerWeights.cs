namespace EdgeMmf.Runtime.Model;

/// <summary>The weights of one HGRN-Bit block: the MLGRU token mixer and the GLU channel mixer.</summary>
public sealed class HgrnBitLayerWeights
{
    public required float[] AttnNorm { get; init; }
    public required BitLinearWeights IProj { get; init; }
    public required BitLinearWeights FProj { get; init; }
    public required BitLinearWeights GProj { get; init; }
    public required float[] GNorm { get; init; }
    public required BitLinearWeights OProj { get; init; }
    public required float[] MlpNorm { get; init; }
    /// <summary>[2I, H]: rows 0..I-1 are the gate, rows I..2I-1 the value (docs/model-spec.md "MLGRU").</summary>
    public required BitLinearWeights GateProj { get; init; }
    public required BitLinearWeights DownProj { get; init; }

    /// <summary>The layer's projections in a fixed order (for offload set-up and byte counts).</summary>
    public BitLinearWeights[] Projections => [IProj, FProj, GProj, OProj, GateProj, DownProj];
}

namespace EdgeMmf.Bridge.Protocol;

/// <summary>Whether a multi-matrix Run carries one activation block per matrix or one block that all matrices share.</summary>
public enum ActivationLayout : byte
{
    /// <summary>Matrix m reads its own T x columns(m) block: i, f, g projections of a trained
    /// checkpoint each have their own RMSNorm gain, so their int8 vectors differ.</summary>
    PerMatrix = 0,
    /// <summary>One T x columns block for every matrix (all matrices must have equal columns).</summary>
    Shared = 1,
}

using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// A 64-bit FNV-1a digest of a model's shape and weights (every ternary scale and the first packed bytes
/// of every matrix), so a saved state is never resumed on a different model.
/// </summary>
public static unsafe class ModelFingerprint
{
    /// <summary>The digest of <paramref name="model"/>.</summary>
    public static ulong Compute(HgrnBitModel model)
    {
        ulong hash = 14695981039346656037UL;
        HgrnBitConfig c = model.Config;
        Mix(ref hash, c.VocabSize); Mix(ref hash, c.HiddenSize); Mix(ref hash, c.NumHiddenLayers);
        Mix(ref hash, c.RecurrentWidth); Mix(ref hash, c.IntermediateSize); Mix(ref hash, c.UseLowerBound ? 1 : 0);
        foreach (HgrnBitLayerWeights layer in model.Layers)
            foreach (BitLinearWeights p in layer.Projections) Mix(ref hash, p.Weight);
        Mix(ref hash, model.LmHead.Weight);
        return hash;
    }

    private static void Mix(ref ulong hash, TernaryMatrix m)
    {
        Mix(ref hash, BitConverter.SingleToInt32Bits(m.WeightScale));
        ReadOnlySpan<byte> head = m.Row(0)[..Math.Min(64, m.RowBytes)];
        foreach (byte b in head) hash = (hash ^ b) * 1099511628211UL;
    }

    private static void Mix(ref ulong hash, int value)
    {
        for (int k = 0; k < 4; k++) hash = (hash ^ (byte)(value >> (8 * k))) * 1099511628211UL;
    }
}

using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Gives every TQ2_0 matrix of a loaded model a copy repacked for the table-lookup decode (<see cref="LookupTiles"/>),
/// in one native arena in the order a token reads them, when the process's kernel path uses it. The standard rows stay
/// (prefill, TQ1_0, export and the reference forward read them), so the weights take ~1.97x their memory on this path.
/// GGUF files stay standard TQ2_0.
/// </summary>
public static unsafe class LookupTileArena
{
    /// <summary><paramref name="model"/> with lookup tiles if <paramref name="kernel"/> uses them; otherwise <paramref name="model"/> itself.</summary>
    public static HgrnBitModel ForKernel(HgrnBitModel model, TernaryKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.UsesLookupTiles ? AddTo(model) : model;
    }

    /// <summary>The model with <see cref="TernaryMatrix.LookupTiles"/> set on its TQ2_0 matrices; <paramref name="model"/> is consumed.</summary>
    public static HgrnBitModel AddTo(HgrnBitModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long total = 64 + Aligned(BytesOf(model.LmHead.Weight));
        foreach (HgrnBitLayerWeights layer in model.Layers)
            foreach (BitLinearWeights p in layer.Projections) total += Aligned(BytesOf(p.Weight));

        var arena = new NativeBuffer(total, hugePages: model.Placement == WeightPlacement.HugePages, zeroed: false);
        try
        {
            long used = 0;
            BitLinearWeights Repack(BitLinearWeights w)
            {
                TernaryMatrix m = w.Weight;
                if (m.Format != TernaryFormat.Tq2_0) return w;
                byte* tiles = arena.Pointer + used;
                LookupTiles.Repack(m, tiles);
                used += Aligned(BytesOf(m));
                return new BitLinearWeights(new TernaryMatrix(m.Name, m.Rows, m.Columns, m.WeightScale, m.Packed, m.PackedBytes, m.Format) { LookupTiles = tiles }, w.NormGain);
            }

            var layers = new HgrnBitLayerWeights[model.Layers.Length];
            for (int n = 0; n < layers.Length; n++)
            {
                HgrnBitLayerWeights l = model.Layers[n];
                layers[n] = new HgrnBitLayerWeights
                {
                    AttnNorm = l.AttnNorm,
                    IProj = Repack(l.IProj),
                    FProj = Repack(l.FProj),
                    GProj = Repack(l.GProj),
                    GNorm = l.GNorm,
                    OProj = Repack(l.OProj),
                    MlpNorm = l.MlpNorm,
                    GateProj = Repack(l.GateProj),
                    DownProj = Repack(l.DownProj),
                };
            }
            BitLinearWeights lmHead = Repack(model.LmHead);
            return model.WithProjections(layers, lmHead, arena, model.Placement, model.HugePagesAdvised);
        }
        catch
        {
            arena.Dispose();
            throw;
        }
    }

    private static long BytesOf(TernaryMatrix m) => m.Format == TernaryFormat.Tq2_0 ? LookupTiles.BytesFor(m) : 0;

    private static long Aligned(long bytes) => ByteAlignment.Up(bytes, 64);
}

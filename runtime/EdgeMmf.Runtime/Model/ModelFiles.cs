using EdgeMmf.Runtime.Bundles;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>Opens a model from any location <see cref="ModelLocator"/> returns.</summary>
public static class ModelFiles
{
    /// <summary>Loads with the process-wide <see cref="WeightPlacements.Default"/>.</summary>
    public static HgrnBitModel Load(string path) => Load(path, WeightPlacements.Default);

    /// <summary>Loads and places the weights; with lookup tiles where the process's kernel path decodes from them (<see cref="LookupTileArena"/>).</summary>
    public static HgrnBitModel Load(string path, WeightPlacement placement, ModelLoadOptions? options = null)
    {
        HgrnBitModel placed = LoadPlaced(path, placement, options);
        try
        {
            return LookupTileArena.ForKernel(placed, KernelSelector.Default);
        }
        catch
        {
            placed.Dispose();
            throw;
        }
    }

    private static HgrnBitModel LoadPlaced(string path, WeightPlacement placement, ModelLoadOptions? options)
    {
        HgrnBitModel mapped = LoadMapped(path, options ?? ModelLoadOptions.Default);
        if (placement == WeightPlacement.Mapped) return mapped;
        try
        {
            return WeightArena.MoveToHugePages(mapped, fromFileMapping: true);
        }
        catch (OutOfMemoryException)
        {
            return mapped; // no room for a copy: run from the file, as EDGEMMF_WEIGHTS=mapped would
        }
        catch
        {
            mapped.Dispose();
            throw;
        }
    }

    /// <summary>A packed model: a <c>.gguf</c> file, or an executable with one appended (<see cref="ModelBundle"/>).</summary>
    public static bool IsGguf(string path) =>
        path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || (File.Exists(path) && ModelBundle.Find(path) is not null);

    private static HgrnBitModel LoadMapped(string path, ModelLoadOptions options)
    {
        // A checkpoint directory goes through its converted copy in the user's cache, made on first use.
        if (Directory.Exists(path)) return GgufModelCache.Load(path, options);
        if (IsGguf(path)) return HgrnBitGgufLoader.Load(path);
        throw new ModelFormatException(path, null, "is neither a Hugging Face checkpoint directory, a .gguf file made by 'edgemmf convert', nor a bundle made by 'edgemmf bundle'.");
    }
}

using EdgeMmf.Runtime.Checkpoints;

namespace EdgeMmf.Runtime.Model;

/// <summary>Opens a model from any location <see cref="ModelLocator"/> returns.</summary>
public static class ModelFiles
{
    public static HgrnBitModel Load(string path)
    {
        if (Directory.Exists(path)) return HgrnBitCheckpointLoader.Load(path);
        throw new ModelFormatException(path, null, "is not a Hugging Face checkpoint directory; packed .gguf models need 'edgemmf convert' support, which this build lacks.");
    }
}

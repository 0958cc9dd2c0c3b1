using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The convert-once rule for <c>--model HF_DIR</c>: the first load converts the checkpoint to
/// <c>HF_DIR/edgemmf-tq2_0.gguf</c>, and later loads map that file (no ternarization, no copy; seconds
/// become milliseconds). The cache is rebuilt when config.json or any weights file is newer. When the
/// directory cannot be written (read-only mount, permissions), the checkpoint is loaded directly instead.
/// </summary>
public static class GgufModelCache
{
    public static string CachePath(string checkpointDirectory, TernaryFormat format = TernaryFormat.Tq2_0) =>
        Path.Combine(checkpointDirectory, format == TernaryFormat.Tq1_0 ? "edgemmf-tq1_0.gguf" : "edgemmf-tq2_0.gguf");

    /// <summary>True when the cache exists and is newer than config.json and every safetensors file of the checkpoint.</summary>
    public static bool IsFresh(string checkpointDirectory, string cachePath)
    {
        if (!File.Exists(cachePath)) return false;
        DateTime cacheTime = File.GetLastWriteTimeUtc(cachePath);
        foreach (string source in SourceFiles(checkpointDirectory))
            if (File.GetLastWriteTimeUtc(source) >= cacheTime) return false;
        return true;
    }

    /// <summary>Loads <paramref name="checkpointDirectory"/> through its cache, converting first when the cache is missing or stale.</summary>
    public static HgrnBitModel Load(string checkpointDirectory, ITokenizerSource? tokenizer = null, Action<string>? notice = null)
    {
        string cache = CachePath(checkpointDirectory);
        if (!IsFresh(checkpointDirectory, cache))
        {
            try
            {
                notice?.Invoke($"converting {checkpointDirectory} once to {cache} (later loads map it directly)");
                HgrnBitGgufConverter.Convert(checkpointDirectory, cache, new GgufConversionOptions { Tokenizer = tokenizer ?? CheckpointTokenizerSource.Instance });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notice?.Invoke($"cannot write {cache} ({e.Message}); loading the checkpoint directly");
                return HgrnBitCheckpointLoader.Load(checkpointDirectory);
            }
        }
        return HgrnBitGgufLoader.Load(cache);
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        yield return Path.Combine(directory, HfCheckpoint.ConfigFileName);
        foreach (string file in Directory.EnumerateFiles(directory, "*.safetensors")) yield return file;
        string index = Path.Combine(directory, HfCheckpoint.IndexFileName);
        if (File.Exists(index)) yield return index;
    }
}

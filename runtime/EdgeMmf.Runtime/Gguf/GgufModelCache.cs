using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The convert-once rule for <c>--model HF_DIR</c>: the first load converts the checkpoint into the user's
/// cache (<c>$XDG_CACHE_HOME/edgemmf</c>, else <c>~/.cache/edgemmf</c>), never beside the model, and later loads
/// map that copy (no ternarization; seconds become milliseconds). A copy is named by its sources' identity
/// (<see cref="ConvertedModelKey"/>), so changed weights are converted again whatever their times. With no
/// writable cache the checkpoint is converted in memory for the run. Errors name the source file and tensor.
/// </summary>
public static class GgufModelCache
{
    /// <summary>The cache folder's name under the cache root.</summary>
    public const string FolderName = "edgemmf";

    /// <summary>$XDG_CACHE_HOME/edgemmf (an absolute XDG_CACHE_HOME only, as the XDG spec says), else ~/.cache/edgemmf; null without a home.</summary>
    public static string? DefaultRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, FolderName);
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", FolderName);
    }

    /// <summary>The converted copy of <paramref name="checkpointDirectory"/> as its files are now.</summary>
    public static string CachePath(string checkpointDirectory, string cacheRoot, TernaryFormat format = TernaryFormat.Tq2_0)
    {
        string tag = format.Traits().Name;
        return Path.Combine(cacheRoot, $"{EntryPrefix(checkpointDirectory)}{ConvertedModelKey.Compute(checkpointDirectory, tag)}.{tag}.gguf");
    }

    /// <summary>Loads <paramref name="checkpointDirectory"/> through its cached copy, converting first when there is none for these files.</summary>
    public static HgrnBitModel Load(string checkpointDirectory, ModelLoadOptions? options = null, ITokenizerSource? tokenizer = null)
    {
        options ??= ModelLoadOptions.Default;
        string directory = Path.GetFullPath(checkpointDirectory);
        // Read on every load, so warnings (and --strict-config) apply to a cached copy too.
        HfCheckpoint.ReadConfig(directory, options.Config);
        string? root = options.CacheRoot ?? DefaultRoot();
        if (root is null)
        {
            options.Notice?.Invoke($"no cache folder (HOME and XDG_CACHE_HOME are unset); converting {directory} in memory for this run");
            return HgrnBitCheckpointLoader.Load(directory, options.Config with { Warn = null });
        }

        string cache = CachePath(directory, root);
        if (File.Exists(cache))
        {
            try { return HgrnBitGgufLoader.Load(cache); }
            catch (ModelFormatException) { TryDelete(cache); }   // a damaged copy is made again from the source
        }
        try
        {
            Directory.CreateDirectory(root);
            options.Notice?.Invoke($"converting {directory} once into {cache} (the model folder is left as it is; later runs map the copy)");
            HgrnBitGgufConverter.Convert(directory, cache, new GgufConversionOptions
            {
                Tokenizer = tokenizer ?? CheckpointTokenizerSource.Instance,
                Config = options.Config with { Warn = null },
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            options.Notice?.Invoke($"cannot write the cache {root} ({e.Message}); converting {directory} in memory for this run");
            return HgrnBitCheckpointLoader.Load(directory, options.Config with { Warn = null });
        }
        RemoveOlderCopies(directory, root, cache);
        try
        {
            return HgrnBitGgufLoader.Load(cache);
        }
        catch (ModelFormatException e)
        {
            // Whatever is wrong came from the source: say so in its terms, not the cache file's.
            TryDelete(cache);
            string? tensor = e.Item is { } item && item.EndsWith(HgrnBitGgufKeys.ScaleSuffix, StringComparison.Ordinal) ? item[..^HgrnBitGgufKeys.ScaleSuffix.Length] : e.Item;
            throw new ModelFormatException(directory, tensor, e.Problem, e);
        }
    }

    /// <summary>"name-pathhash-": one directory's copies share it, whatever their content.</summary>
    private static string EntryPrefix(string checkpointDirectory)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(checkpointDirectory));
        // A hub snapshot's folder is a commit hash: the repository folder above it reads better.
        string name = directory.Parent is { Name: "snapshots", Parent: { } repo } ? repo.Name : directory.Name;
        var safe = new System.Text.StringBuilder();
        foreach (char ch in name) safe.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_');
        ulong hash = 14695981039346656037UL;
        foreach (char ch in directory.FullName) hash = (hash ^ ch) * 1099511628211UL;
        return $"{safe}-{hash & 0xFFFFFFFF:x8}-";
    }

    private static void RemoveOlderCopies(string directory, string root, string current)
    {
        try
        {
            foreach (string file in Directory.GetFiles(root, EntryPrefix(directory) + "*.gguf"))
                if (file != current) TryDelete(file);
        }
        catch (IOException) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The Hugging Face hub cache as huggingface_hub lays it out, read offline:
/// <c>HUB/models--OWNER--NAME/refs/main</c> holds a commit hash, and <c>snapshots/&lt;commit&gt;/</c> holds the
/// files as links into <c>../../blobs/</c>. HUB is <c>$HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else
/// <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c> (huggingface_hub's constants.py).
/// </summary>
public static class HuggingFaceHubCache
{
    /// <summary>HUB: the hub cache directory, whether it exists or not.</summary>
    public static string Root()
    {
        string? hub = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
        if (string.IsNullOrEmpty(hub)) hub = Environment.GetEnvironmentVariable("HUGGINGFACE_HUB_CACHE");   // the older name
        if (!string.IsNullOrEmpty(hub)) return Path.GetFullPath(ExpandHome(hub));
        string? home = Environment.GetEnvironmentVariable("HF_HOME");
        if (string.IsNullOrEmpty(home))
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string cache = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            home = Path.Combine(cache, "huggingface");
        }
        return Path.GetFullPath(Path.Combine(ExpandHome(home), "hub"));
    }

    /// <summary>True for "owner/name" (the form of a Hugging Face model id), which is then looked up in the cache.</summary>
    public static bool IsRepoId(string text)
    {
        string[] parts = text.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p[0] != '.' && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
    }

    /// <summary>The snapshot folder of <paramref name="repoId"/> at refs/main (or its only snapshot), or null when the cache lacks it.</summary>
    public static string? FindSnapshot(string repoId, string hubRoot)
    {
        string repo = Path.Combine(hubRoot, "models--" + repoId.Replace("/", "--"));
        return Directory.Exists(repo) ? SnapshotOfRepository(repo) : null;
    }

    /// <summary>For a <c>models--OWNER--NAME</c> folder: its snapshot at refs/main, or its only snapshot; otherwise null.</summary>
    public static string? SnapshotOfRepository(string repositoryFolder)
    {
        string snapshots = Path.Combine(repositoryFolder, "snapshots");
        if (!Directory.Exists(snapshots)) return null;
        string main = Path.Combine(repositoryFolder, "refs", "main");
        if (File.Exists(main))
        {
            string commit = File.ReadAllText(main).Trim();
            string snapshot = Path.Combine(snapshots, commit);
            if (commit.Length > 0 && commit == Path.GetFileName(commit) && Directory.Exists(snapshot)) return snapshot;
        }
        string[] all = Directory.GetDirectories(snapshots);
        return all.Length == 1 ? all[0] : null;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}

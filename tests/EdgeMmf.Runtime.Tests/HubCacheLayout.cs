namespace EdgeMmf.Runtime.Tests;

/// <summary>
/// Builds a Hugging Face hub cache as huggingface_hub lays it out on disk:
/// <c>hub/models--OWNER--NAME/{blobs/&lt;hash&gt;, snapshots/&lt;commit&gt;/FILE -&gt; ../../blobs/&lt;hash&gt;, refs/main}</c>.
/// </summary>
internal static class HubCacheLayout
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>Copies every file of <paramref name="source"/> into a fresh hub cache as repo <paramref name="repoId"/>; returns the hub folder.</summary>
    public static string Create(string source, string repoId = "ridger/MMfreeLM-test")
    {
        string hub = Path.Combine(Path.GetTempPath(), "edgemmf-hub-" + Guid.NewGuid().ToString("N"), "hub");
        string repo = Path.Combine(hub, "models--" + repoId.Replace("/", "--"));
        string snapshot = SnapshotOf(hub, repoId);
        Directory.CreateDirectory(Path.Combine(repo, "blobs"));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        Directory.CreateDirectory(snapshot);
        File.WriteAllText(Path.Combine(repo, "refs", "main"), Commit);
        int k = 0;
        foreach (string file in Directory.GetFiles(source))
        {
            string blob = $"{k++:x8}{Guid.NewGuid():N}";
            File.Copy(file, Path.Combine(repo, "blobs", blob));
            File.CreateSymbolicLink(Path.Combine(snapshot, Path.GetFileName(file)), Path.Combine("..", "..", "blobs", blob));
        }
        return hub;
    }

    public static string SnapshotOf(string hub, string repoId = "ridger/MMfreeLM-test") =>
        Path.Combine(hub, "models--" + repoId.Replace("/", "--"), "snapshots", Commit);
}

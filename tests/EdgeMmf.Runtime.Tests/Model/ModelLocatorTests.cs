using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Model;

/// <summary>--model as a user types it: a hub cache snapshot, a hub repository folder, or a model id found in the local cache.</summary>
[TestClass]
[DoNotParallelize]   // sets HF_HOME / HF_HUB_CACHE for the process
public sealed class ModelLocatorTests
{
    private static readonly string[] Variables = ["HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"];

    private static T WithEnvironment<T>(Dictionary<string, string?> values, Func<T> body)
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            foreach (string v in Variables) Environment.SetEnvironmentVariable(v, values.GetValueOrDefault(v));
            return body();
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
    }

    [TestMethod]
    public void Resolve_ModelId_IsTheSnapshotThatRefsMainNames()
    {
        string hub = HubCacheLayout.Create(TestData.Path("checkpoints", "rand-h96-bf16"), "ridger/MMfreeLM-test");
        // A second, older snapshot: refs/main decides.
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(HubCacheLayout.SnapshotOf(hub, "ridger/MMfreeLM-test"))!, "ffff"));
        string found = WithEnvironment(new() { ["HF_HOME"] = Path.GetDirectoryName(hub) }, () => ModelLocator.Resolve("ridger/MMfreeLM-test"));
        Assert.AreEqual(HubCacheLayout.SnapshotOf(hub, "ridger/MMfreeLM-test"), found);
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(found);
        Assert.AreEqual(96, model.Config.HiddenSize);
    }

    [TestMethod]
    public void Resolve_ModelId_PrefersHfHubCacheOverHfHome()
    {
        string hub = HubCacheLayout.Create(TestData.Path("checkpoints", "rand-h96-bf16"), "ridger/MMfreeLM-test");
        string found = WithEnvironment(new() { ["HF_HUB_CACHE"] = hub, ["HF_HOME"] = "/nonexistent" }, () => ModelLocator.Resolve("ridger/MMfreeLM-test"));
        Assert.AreEqual(HubCacheLayout.SnapshotOf(hub, "ridger/MMfreeLM-test"), found);
    }

    [TestMethod]
    public void HubRoot_DefaultsUnderXdgCacheHomeThenHome()
    {
        Assert.AreEqual("/x/huggingface/hub", WithEnvironment(new() { ["XDG_CACHE_HOME"] = "/x" }, HuggingFaceHubCache.Root));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.AreEqual(Path.Combine(home, ".cache", "huggingface", "hub"), WithEnvironment(new(), HuggingFaceHubCache.Root));
    }

    [TestMethod]
    public void Resolve_RepositoryFolder_IsItsCurrentSnapshot()
    {
        string hub = HubCacheLayout.Create(TestData.Path("checkpoints", "rand-h96-bf16"), "ridger/MMfreeLM-test");
        string repository = Path.Combine(hub, "models--ridger--MMfreeLM-test");
        Assert.AreEqual(HubCacheLayout.SnapshotOf(hub, "ridger/MMfreeLM-test"), ModelLocator.Resolve(repository + "/"));
    }

    [TestMethod]
    public void Resolve_ModelIdNotInTheCache_SaysWhereItLookedAndHowToDownload()
    {
        string hub = Path.Combine(Path.GetTempPath(), "edgemmf-empty-hub-" + Guid.NewGuid().ToString("N"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() =>
            WithEnvironment(new() { ["HF_HUB_CACHE"] = hub }, () => ModelLocator.Resolve("ridger/MMfreeLM-370M")));
        StringAssert.Contains(e.Message, $"not in the local Hugging Face cache at {hub}");
        StringAssert.Contains(e.Message, "download ridger/MMfreeLM-370M");
        Assert.DoesNotContain("\n", e.Message);
    }

    [TestMethod]
    [DataRow("ridger/MMfreeLM-370M", true)]
    [DataRow("owner/name.v2_x", true)]
    [DataRow("./relative", false)]
    [DataRow("a/b/c", false)]
    [DataRow("/abs", false)]
    [DataRow("../up", false)]
    public void IsRepoId_AcceptsOwnerSlashNameOnly(string text, bool expected) => Assert.AreEqual(expected, HuggingFaceHubCache.IsRepoId(text));
}

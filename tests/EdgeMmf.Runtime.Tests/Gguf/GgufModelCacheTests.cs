using System.Buffers.Binary;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Gguf;

[TestClass]
public sealed class GgufModelCacheTests
{
    private static float[] FirstLogits(HgrnBitModel model)
    {
        using var projector = new TernaryProjector(1);
        var state = new InferenceState(model.Config, maxBatch: 4);
        new FastForward(model, projector).Forward([1, 5, 7], state);
        return state.Logits;
    }

    private static string NewCacheRoot() => Path.Combine(Path.GetTempPath(), "edgemmf-cache-" + Guid.NewGuid().ToString("N"));

    private static ModelLoadOptions Options(string root, List<string> notices) => new() { CacheRoot = root, Notice = notices.Add };

    /// <summary>Every file's name, length and write time: what "nothing was written here" compares.</summary>
    private static string[] Listing(string directory) =>
        Directory.GetFileSystemEntries(directory).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}").ToArray();

    [TestMethod]
    public void Load_CheckpointDirectory_ConvertsOnceIntoTheCacheAndWritesNothingBesideTheModel()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string[] before = Listing(checkpoint);
        string root = NewCacheRoot();
        var notices = new List<string>();
        string cache = GgufModelCache.CachePath(checkpoint, root);
        using (HgrnBitModel first = GgufModelCache.Load(checkpoint, Options(root, notices)))
        using (HgrnBitModel direct = HgrnBitCheckpointLoader.Load(checkpoint))
        {
            Assert.AreEqual(cache, first.Source);
            CollectionAssert.AreEqual(FirstLogits(direct), FirstLogits(first));
        }
        Assert.HasCount(1, notices);
        StringAssert.Contains(notices[0], cache);
        DateTime written = File.GetLastWriteTimeUtc(cache);
        using (HgrnBitModel second = GgufModelCache.Load(checkpoint, Options(root, notices)))
            Assert.AreEqual(cache, second.Source);
        Assert.HasCount(1, notices, "a copy of the same files is not made again, and not announced again");
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(cache));
        CollectionAssert.AreEqual(before, Listing(checkpoint), "nothing is written into the model's directory");
    }

    [TestMethod]
    public void DefaultRoot_FollowsXdgCacheHome()
    {
        string? saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/tmp/xdg-test");
            Assert.AreEqual("/tmp/xdg-test/edgemmf", GgufModelCache.DefaultRoot());
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "relative/ignored");   // the XDG spec: relative paths are invalid
            Assert.AreEqual(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "edgemmf"), GgufModelCache.DefaultRoot());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved);
        }
    }

    [TestMethod]
    public void Load_WeightsReplacedKeepingTheirOldTimes_ConvertsAgain()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string weights = Path.Combine(checkpoint, HfCheckpoint.SingleFileName);
        string root = NewCacheRoot();
        var notices = new List<string>();
        float[] oldLogits;
        using (HgrnBitModel old = GgufModelCache.Load(checkpoint, Options(root, notices))) oldLogits = FirstLogits(old);

        // cp -p of another model of the same shape: same size, same modification time, different weights.
        DateTime time = File.GetLastWriteTimeUtc(weights);
        string other = Path.Combine(TestModels.Checkpoint(TestModels.Small, seed: 32), HfCheckpoint.SingleFileName);
        Assert.AreEqual(new FileInfo(weights).Length, new FileInfo(other).Length);
        File.Copy(other, weights, overwrite: true);
        File.SetLastWriteTimeUtc(weights, time);

        using HgrnBitModel reloaded = GgufModelCache.Load(checkpoint, Options(root, notices));
        using HgrnBitModel direct = HgrnBitCheckpointLoader.Load(checkpoint);
        Assert.HasCount(2, notices, "the changed weights are converted again");
        CollectionAssert.AreEqual(FirstLogits(direct), FirstLogits(reloaded));
        CollectionAssert.AreNotEqual(oldLogits, FirstLogits(reloaded));
        Assert.HasCount(1, Directory.GetFiles(root, "*.gguf"), "the copy of the old weights is removed");
    }

    [TestMethod]
    public void Load_NoWritableCache_ConvertsInMemory()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string[] before = Listing(checkpoint);
        string blocker = Path.Combine(Path.GetTempPath(), "edgemmf-not-a-folder-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocker, "a file where the cache folder would go");   // fails even for root, unlike permissions
        var notices = new List<string>();
        using HgrnBitModel model = GgufModelCache.Load(checkpoint, Options(Path.Combine(blocker, "edgemmf"), notices));
        Assert.AreEqual(checkpoint, model.Source);
        StringAssert.Contains(notices[^1], "in memory");
        CollectionAssert.AreEqual(before, Listing(checkpoint));
    }

    [TestMethod]
    public void Load_DamagedCopy_IsMadeAgainFromTheSource()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string root = NewCacheRoot();
        var notices = new List<string>();
        using (GgufModelCache.Load(checkpoint, Options(root, notices))) { }
        string cache = GgufModelCache.CachePath(checkpoint, root);
        File.WriteAllBytes(cache, File.ReadAllBytes(cache)[..100]);
        using HgrnBitModel model = GgufModelCache.Load(checkpoint, Options(root, notices));
        Assert.AreEqual(cache, model.Source);
        Assert.HasCount(2, notices);
    }

    [TestMethod]
    public void Load_NaNInAWeight_NamesTheSourceFileAndTensorNotTheCache()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string weights = Path.Combine(checkpoint, HfCheckpoint.SingleFileName);
        const string tensor = "model.layers.0.attn.i_proj.weight";
        long at;
        using (SafetensorsFile file = SafetensorsFile.Open(weights))
        {
            byte[] head = File.ReadAllBytes(weights)[..8];
            at = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(head) + file.Get(tensor).DataOffset + 4 * 17;
        }
        byte[] bytes = File.ReadAllBytes(weights);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)at), float.NaN);
        File.WriteAllBytes(weights, bytes);

        string root = NewCacheRoot();
        var e = Assert.ThrowsExactly<ModelFormatException>(() => GgufModelCache.Load(checkpoint, new ModelLoadOptions { CacheRoot = root }));
        Assert.AreEqual(weights, e.Path);
        Assert.AreEqual(tensor, e.Item);
        Assert.DoesNotContain(".gguf", e.Message);
        Assert.IsEmpty(Directory.Exists(root) ? Directory.GetFiles(root) : [], "no damaged copy is left behind");
    }

    [TestMethod]
    public void ModelFiles_GgufPath_LoadsThePackedFile()
    {
        string gguf = GgufConversionTests.Converted(TestModels.Checkpoint(TestModels.Small, seed: 11), new GgufConversionOptions(), "tq2_0");
        using HgrnBitModel model = ModelFiles.Load(gguf);
        Assert.AreEqual(gguf, model.Source);
    }
}

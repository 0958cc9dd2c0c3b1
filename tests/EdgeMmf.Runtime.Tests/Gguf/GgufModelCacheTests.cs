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

    [TestMethod]
    public void Load_CheckpointDirectory_ConvertsOnceAndThenMapsTheCache()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string cache = GgufModelCache.CachePath(checkpoint);
        File.Delete(cache);
        var notices = new List<string>();
        using (HgrnBitModel first = GgufModelCache.Load(checkpoint, notice: notices.Add))
        using (HgrnBitModel direct = HgrnBitCheckpointLoader.Load(checkpoint))
        {
            Assert.AreEqual(cache, first.Source);
            CollectionAssert.AreEqual(FirstLogits(direct), FirstLogits(first));
        }
        Assert.HasCount(1, notices);
        DateTime written = File.GetLastWriteTimeUtc(cache);
        using (HgrnBitModel second = GgufModelCache.Load(checkpoint, notice: notices.Add))
            Assert.AreEqual(cache, second.Source);
        Assert.HasCount(1, notices, "a fresh cache is not rebuilt");
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(cache));
    }

    [TestMethod]
    public void Load_WeightsNewerThanTheCache_RebuildsIt()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string cache = GgufModelCache.CachePath(checkpoint);
        using (GgufModelCache.Load(checkpoint)) { }
        File.SetLastWriteTimeUtc(cache, DateTime.UtcNow.AddHours(-1));
        Assert.IsFalse(GgufModelCache.IsFresh(checkpoint, cache));
        using (GgufModelCache.Load(checkpoint)) { }
        Assert.IsTrue(GgufModelCache.IsFresh(checkpoint, cache));
        Assert.IsGreaterThan(DateTime.UtcNow.AddMinutes(-5), File.GetLastWriteTimeUtc(cache));
    }

    [TestMethod]
    public void Load_CacheCannotBeWritten_FallsBackToTheCheckpoint()
    {
        string checkpoint = TestModels.CopyOf(TestModels.Checkpoint(TestModels.Small, seed: 31));
        string cache = GgufModelCache.CachePath(checkpoint);
        File.Delete(cache);
        Directory.CreateDirectory(cache);   // a directory in the way: the final move fails like a read-only mount would
        var notices = new List<string>();
        using HgrnBitModel model = GgufModelCache.Load(checkpoint, notice: notices.Add);
        Assert.AreEqual(checkpoint, model.Source);
        StringAssert.Contains(notices[^1], "loading the checkpoint directly");
        Assert.IsEmpty(Directory.GetFiles(checkpoint, "*.partial"));
    }

    [TestMethod]
    public void ModelFiles_GgufPath_LoadsThePackedFile()
    {
        string gguf = GgufConversionTests.Converted(TestModels.Checkpoint(TestModels.Small, seed: 11), new GgufConversionOptions(), "tq2_0");
        using HgrnBitModel model = ModelFiles.Load(gguf);
        Assert.AreEqual(gguf, model.Source);
    }
}

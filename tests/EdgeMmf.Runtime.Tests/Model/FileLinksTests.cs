using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Tests.Gguf;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Model;

/// <summary>Model, tokenizer and state files reached through symbolic links are read (and written) as their targets.</summary>
[TestClass]
public sealed class FileLinksTests
{
    private static string TempDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "edgemmf-links-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    [TestMethod]
    public void GgufFile_ThroughALink_HasItsTargetsLength()
    {
        string gguf = GgufConversionTests.Converted(TestModels.Checkpoint(TestModels.Small, seed: 11), new GgufConversionOptions(), "tq2_0");
        string link = Path.Combine(TempDirectory(), "link.gguf");
        File.CreateSymbolicLink(link, gguf);
        using GgufFile file = GgufFile.Open(link);
        Assert.AreEqual(new FileInfo(gguf).Length, file.Length);
        using HgrnBitModel model = ModelFiles.Load(link, WeightPlacement.Mapped);
        Assert.AreEqual(TestModels.Small.HiddenSize, model.Config.HiddenSize);
    }

    [TestMethod]
    public void Checkpoint_MadeOfLinksIntoBlobs_LoadsLikeTheOriginal()
    {
        string original = TestData.Path("checkpoints", "rand-h128-sharded");
        string snapshot = HubCacheLayout.SnapshotOf(HubCacheLayout.Create(original));
        Assert.IsNotNull(new FileInfo(Path.Combine(snapshot, "config.json")).LinkTarget, "the snapshot must be made of links");
        using HgrnBitModel linked = HgrnBitCheckpointLoader.Load(snapshot);
        using HgrnBitModel direct = HgrnBitCheckpointLoader.Load(original);
        Assert.AreEqual(ModelFingerprint.Compute(direct), ModelFingerprint.Compute(linked));
    }

    [TestMethod]
    public void SafetensorsFile_ThroughALink_HasItsTargetsTensors()
    {
        string weights = TestData.Path("checkpoints", "rand-h160", HfCheckpoint.SingleFileName);
        string link = Path.Combine(TempDirectory(), "model.safetensors");
        File.CreateSymbolicLink(link, weights);
        using SafetensorsFile linked = SafetensorsFile.Open(link);
        using SafetensorsFile direct = SafetensorsFile.Open(weights);
        CollectionAssert.AreEquivalent(direct.Tensors.Keys.ToArray(), linked.Tensors.Keys.ToArray());
    }

    [TestMethod]
    public void Tokenizer_ThroughLinks_LoadsLikeTheOriginal()
    {
        string original = TestData.Path("tokenizer", "demo");
        string snapshot = HubCacheLayout.SnapshotOf(HubCacheLayout.Create(original));
        Tokenizer linked = TokenizerFiles.Load(snapshot);
        Tokenizer direct = TokenizerFiles.Load(original);
        CollectionAssert.AreEqual(direct.EncodeToIds("Once upon a time, links.", false), linked.EncodeToIds("Once upon a time, links.", false));
    }

    [TestMethod]
    public void StateFile_SavedThroughALink_ReplacesTheTargetAndKeepsTheLink()
    {
        string directory = TempDirectory();
        string target = Path.Combine(directory, "real.emmfstate");
        string link = Path.Combine(directory, "link.emmfstate");
        var state = new RecurrentState(2, 8);
        StateFile.Save(target, state, 7, []);
        File.CreateSymbolicLink(link, target);
        state.H[1][3] = 2.5f;
        state.Position = 9;
        StateFile.Save(link, state, 7, [4, 5]);
        Assert.IsNotNull(new FileInfo(link).LinkTarget, "the link is still a link");
        var loaded = new RecurrentState(2, 8);
        CollectionAssert.AreEqual(new[] { 4, 5 }, StateFile.Load(target, loaded, 7));
        Assert.AreEqual(2.5f, loaded.H[1][3]);
        Assert.AreEqual(new FileInfo(target).Length, FileLinks.Length(link));
    }
}

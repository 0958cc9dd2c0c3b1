using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Model;

[TestClass]
public sealed class StateFileTests
{
    [TestMethod]
    public void SaveThenLoad_ContinuesExactlyAsWithoutSaving()
    {
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 5));
        using var projector = new TernaryProjector(1);
        var fast = new FastForward(model, projector);
        ulong fingerprint = ModelFingerprint.Compute(model);
        string path = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.emmfstate");

        var original = new InferenceState(model.Config);
        fast.Forward([1, 40, 41, 42], original);
        StateFile.Save(path, original.Recurrent, fingerprint, [1, 40, 41, 42]);
        fast.Forward([43, 44], original);

        var resumed = new InferenceState(model.Config);
        int[] recent = StateFile.Load(path, resumed.Recurrent, fingerprint);
        CollectionAssert.AreEqual(new[] { 1, 40, 41, 42 }, recent);
        Assert.AreEqual(4, resumed.Recurrent.Position);
        fast.Forward([43, 44], resumed);
        CollectionAssert.AreEqual(original.Logits, resumed.Logits);
        Assert.AreEqual((long)model.Config.NumHiddenLayers * model.Config.RecurrentWidth * 4, original.Recurrent.ByteSize);
    }

    [TestMethod]
    public void Load_FromAnotherModel_IsRefused()
    {
        var state = new RecurrentState(2, 8);
        string path = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.emmfstate");
        StateFile.Save(path, state, 111, []);
        var e = Assert.ThrowsExactly<StateFileException>(() => StateFile.Load(path, state, 222));
        StringAssert.Contains(e.Message, "different model");
    }

    [TestMethod]
    public void Load_DamagedFile_IsRefused()
    {
        var state = new RecurrentState(2, 8);
        string path = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.emmfstate");
        StateFile.Save(path, state, 7, [5]);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[50] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        StringAssert.Contains(Assert.ThrowsExactly<StateFileException>(() => StateFile.Load(path, state, 7)).Message, "damaged");
        File.WriteAllBytes(path, bytes[..20]);
        Assert.ThrowsExactly<StateFileException>(() => StateFile.Load(path, state, 7));
    }
}

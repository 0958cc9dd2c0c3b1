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

    [TestMethod]
    public void Load_NonFiniteState_IsRefusedAndLeavesTheLiveStateAlone()
    {
        var saved = new RecurrentState(2, 8);
        saved.H[1][5] = float.PositiveInfinity;
        string path = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.emmfstate");
        StateFile.Save(path, saved, 7, [1, 2]);
        var live = new RecurrentState(2, 8);
        live.H[0][0] = 0.5f;
        var e = Assert.ThrowsExactly<StateFileException>(() => StateFile.Load(path, live, 7));
        StringAssert.Contains(e.Message, "layer 1, element 5");
        Assert.AreEqual(0.5f, live.H[0][0]);
        File.Delete(path);
    }

    [TestMethod]
    public void Save_ToAMissingFolder_IsAStateFileErrorNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "chat.emmfstate");
        var e = Assert.ThrowsExactly<StateFileException>(() => StateFile.Save(path, new RecurrentState(2, 8), 7, []));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "cannot be written");
        Assert.ThrowsExactly<StateFileException>(() => StateFile.CheckWritable(path));
        string fine = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.emmfstate");
        StateFile.CheckWritable(fine);
        Assert.IsFalse(File.Exists(fine) || File.Exists(fine + ".tmp"), "the check leaves nothing behind");
    }
}

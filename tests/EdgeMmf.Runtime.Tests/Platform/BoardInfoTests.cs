using EdgeMmf.Runtime.Platform;

namespace EdgeMmf.Runtime.Tests.Platform;

[TestClass]
public sealed class BoardInfoTests
{
    private static BoardInfo Board(string name) => BoardInfo.Read(TestData.Path("boards", name));

    [TestMethod]
    public void RaspberryPi4_IsFourCortexA72WithoutDotProduct()
    {
        BoardInfo pi4 = Board("pi4");
        Assert.AreEqual("Raspberry Pi 4 Model B Rev 1.4", pi4.Model); // the device tree's trailing NUL is gone
        Assert.AreEqual("4 x Cortex-A72", pi4.CoreSummary);
        Assert.IsTrue(pi4.HasFeature("asimd"));
        Assert.IsFalse(pi4.HasFeature("asimddp"));
    }

    [TestMethod]
    public void RaspberryPi5_IsFourCortexA76WithDotProduct()
    {
        BoardInfo pi5 = Board("pi5");
        Assert.AreEqual("Raspberry Pi 5 Model B Rev 1.0", pi5.Model);
        Assert.AreEqual("4 x Cortex-A76", pi5.CoreSummary);
        Assert.IsTrue(pi5.HasFeature("asimddp"));
    }

    [TestMethod]
    public void JetsonAgxOrin_IsTwelveCortexA78AE()
    {
        BoardInfo orin = Board("orin-agx");
        Assert.AreEqual("NVIDIA Jetson AGX Orin Developer Kit", orin.Model);
        Assert.AreEqual("12 x Cortex-A78AE", orin.CoreSummary);
        Assert.IsTrue(orin.HasFeature("asimddp"));
    }

    [TestMethod]
    public void MixedCores_AreListedPerType_AndUnknownPartsByNumber()
    {
        string root = Path.Combine(Path.GetTempPath(), "edgemmf-board-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        string Cpu(int id, string part) => $"processor\t: {id}\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\nCPU part\t: {part}\n\n";
        File.WriteAllText(Path.Combine(root, "proc", "cpuinfo"), Cpu(0, "0xd05") + Cpu(1, "0xd05") + Cpu(2, "0xd0b") + Cpu(3, "0xfff"));

        BoardInfo board = BoardInfo.Read(root);
        Assert.IsNull(board.Model);
        Assert.AreEqual("2 x Cortex-A55 + 1 x Cortex-A76 + 1 x implementer 0x41 part 0xfff", board.CoreSummary);
    }

    [TestMethod]
    public void X86_UsesTheModelName_AndAnEmptyTreeSaysUnknown()
    {
        string root = Path.Combine(Path.GetTempPath(), "edgemmf-board-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        Assert.AreEqual("unknown", BoardInfo.Read(root).CoreSummary);
        File.WriteAllText(Path.Combine(root, "proc", "cpuinfo"),
            "processor\t: 0\nmodel name\t: AMD EPYC 9R45\nflags\t\t: fpu avx2 avx512bw\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9R45\nflags\t\t: fpu avx2 avx512bw\n");
        BoardInfo board = BoardInfo.Read(root);
        Assert.AreEqual("2 x AMD EPYC 9R45", board.CoreSummary);
        Assert.IsTrue(board.HasFeature("avx512bw"));
    }
}

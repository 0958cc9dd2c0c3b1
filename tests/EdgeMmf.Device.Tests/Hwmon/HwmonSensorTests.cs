using EdgeMmf.Device.Hwmon;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Hwmon;

[TestClass]
public sealed class HwmonSensorTests
{
    /// <summary>A Jetson Orin's on-board INA3221 as its kernel driver lays it out (Documentation/hwmon/ina3221.rst), next to a thermal zone.</summary>
    private static void WriteJetsonTree(TemporaryDirectory root)
    {
        root.Write("hwmon0/name", "soc_thermal");
        root.Write("hwmon0/temp1_input", "41000");
        root.Write("hwmon1/name", "ina3221");
        string[] labels = ["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"];
        int[] millivolts = [5080, 5072, 5076];
        int[] milliamps = [1210, 330, 410];
        for (int n = 1; n <= 3; n++)
        {
            root.Write($"hwmon1/in{n}_label", labels[n - 1]);
            root.Write($"hwmon1/in{n}_input", millivolts[n - 1].ToString());
            root.Write($"hwmon1/curr{n}_input", milliamps[n - 1].ToString());
            root.Write($"hwmon1/in{n}_enable", "1");
            root.Write($"hwmon1/in{n + 3}_input", "2400"); // shunt voltage, µV
        }
        root.Write("hwmon1/in7_label", "Sum of shunt voltages");
        root.Write("hwmon1/in7_input", "7200");
        root.Write("hwmon1/curr4_input", "1950"); // sum of currents: no bus voltage of its own
    }

    [TestMethod]
    public void Discover_JetsonIna3221_FindsLabelledRailsAndCountsOnlyBoardInput()
    {
        using var root = new TemporaryDirectory();
        WriteJetsonTree(root);
        var notes = new List<string>();

        IReadOnlyList<HwmonSensor> sensors = HwmonSensor.Discover(root.Path, notes);

        Assert.HasCount(1, sensors);
        HwmonSensor sensor = sensors[0];
        Assert.AreEqual("ina3221@hwmon1", sensor.Name);
        CollectionAssert.AreEqual(new[] { "VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC" }, sensor.Rails.Select(r => r.Name).ToArray());
        CollectionAssert.AreEqual(new[] { true, false, false }, sensor.Rails.Select(r => r.CountsTowardTotal).ToArray());
        Assert.IsTrue(notes.Exists(n => n.Contains("curr4", StringComparison.Ordinal)), "the sum channel curr4 is reported as left out");
    }

    [TestMethod]
    public void Read_JetsonIna3221_MultipliesBusMillivoltsByMilliamps()
    {
        using var root = new TemporaryDirectory();
        WriteJetsonTree(root);
        HwmonSensor sensor = HwmonSensor.Discover(root.Path, [])[0];
        var values = new double[3];

        sensor.Read(values);

        Assert.AreEqual(5080 * 1210 / 1000.0, values[0], 1e-9);
        Assert.AreEqual(5072 * 330 / 1000.0, values[1], 1e-9);
        Assert.AreEqual(5076 * 410 / 1000.0, values[2], 1e-9);
    }

    [TestMethod]
    public void Discover_DisabledIna3221Channel_IsLeftOutWithANote()
    {
        using var root = new TemporaryDirectory();
        WriteJetsonTree(root);
        root.Write("hwmon1/in3_enable", "0");
        var notes = new List<string>();

        HwmonSensor sensor = HwmonSensor.Discover(root.Path, notes)[0];

        Assert.HasCount(2, sensor.Rails);
        Assert.IsTrue(notes.Exists(n => n.Contains("disabled", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Read_KernelIna219Driver_UsesPowerInputMicrowatts()
    {
        using var root = new TemporaryDirectory();
        root.Write("hwmon3/name", "ina219");
        root.Write("hwmon3/in0_input", "12"); // shunt, mV
        root.Write("hwmon3/in1_input", "5100");
        root.Write("hwmon3/curr1_input", "1200");
        root.Write("hwmon3/power1_input", "6120000");
        HwmonSensor sensor = HwmonSensor.Discover(root.Path, [])[0];
        var values = new double[1];

        sensor.Read(values);

        Assert.AreEqual("power1", sensor.Rails[0].Name);
        Assert.IsTrue(sensor.Rails[0].CountsTowardTotal);
        Assert.AreEqual(6120.0, values[0], 1e-9);
    }

    [TestMethod]
    public void Discover_NoPowerDevices_ReturnsNoneAndSaysWhy()
    {
        using var root = new TemporaryDirectory();
        root.Write("hwmon0/name", "coretemp");
        root.Write("hwmon0/temp1_input", "50000");
        var notes = new List<string>();

        IReadOnlyList<HwmonSensor> sensors = HwmonSensor.Discover(root.Path, notes);

        Assert.IsEmpty(sensors);
        Assert.IsTrue(notes.Exists(n => n.Contains("none of the 1 device", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Discover_MissingRoot_ReturnsNoneAndSaysWhy()
    {
        var notes = new List<string>();

        IReadOnlyList<HwmonSensor> sensors = HwmonSensor.Discover("/nonexistent/edgemmf/hwmon", notes);

        Assert.IsEmpty(sensors);
        Assert.IsTrue(notes[0].Contains("does not exist", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Read_DeviceFolderDeletedMidRun_ThrowsSensorExceptionNamingTheFile()
    {
        using var root = new TemporaryDirectory();
        WriteJetsonTree(root);
        HwmonSensor sensor = HwmonSensor.Discover(root.Path, [])[0];
        Directory.Delete(Path.Combine(root.Path, "hwmon1"), recursive: true);

        var e = Assert.ThrowsExactly<PowerSensorException>(() => sensor.Read(new double[3]));

        StringAssert.Contains(e.Message, "ina3221@hwmon1");
        StringAssert.Contains(e.Message, "disappeared");
    }

    [TestMethod]
    public void Read_UnreadableFile_ThrowsSensorExceptionSayingHowToGrantAccess()
    {
        using var root = new TemporaryDirectory();
        WriteJetsonTree(root);
        HwmonSensor sensor = HwmonSensor.Discover(root.Path, [])[0];
        // A folder where the file was: unreadable as a file even for root, unlike chmod 000.
        string current = Path.Combine(root.Path, "hwmon1", "curr1_input");
        File.Delete(current);
        Directory.CreateDirectory(current);

        var e = Assert.ThrowsExactly<PowerSensorException>(() => sensor.Read(new double[3]));

        StringAssert.Contains(e.Message, "permission denied");
        StringAssert.Contains(e.Message, current);
    }
}

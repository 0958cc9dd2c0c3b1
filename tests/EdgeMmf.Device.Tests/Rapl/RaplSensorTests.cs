using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Rapl;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Rapl;

[TestClass]
public sealed class RaplSensorTests
{
    private const long Range = 262_143_328_850; // a typical max_energy_range_uj

    private static void WriteZones(TemporaryDirectory root, long packageEnergy)
    {
        root.Write("intel-rapl:0/name", "package-0");
        root.Write("intel-rapl:0/energy_uj", packageEnergy.ToString());
        root.Write("intel-rapl:0/max_energy_range_uj", Range.ToString());
        root.Write("intel-rapl:0:0/name", "core");
        root.Write("intel-rapl:0:0/energy_uj", "1000");
        root.Write("intel-rapl:0:0/max_energy_range_uj", Range.ToString());
        root.Write("intel-rapl:1/name", "psys");
        root.Write("intel-rapl:1/energy_uj", "5000");
        root.Write("intel-rapl:1/max_energy_range_uj", Range.ToString());
    }

    [TestMethod]
    public void Discover_PackageCoreAndPsys_CountsOnlyThePackage()
    {
        using var root = new TemporaryDirectory();
        WriteZones(root, 123);

        RaplSensor? sensor = RaplSensor.Discover(root.Path, []);

        Assert.IsNotNull(sensor);
        CollectionAssert.AreEqual(new[] { "package-0", "core(0:0)", "psys" }, sensor.Rails.Select(r => r.Name).ToArray());
        CollectionAssert.AreEqual(new[] { true, false, false }, sensor.Rails.Select(r => r.CountsTowardTotal).ToArray());
        Assert.IsTrue(sensor.Rails.All(r => r.Quantity == RailQuantity.CumulativeMicrojoules && r.CounterRangeMicrojoules == Range));
    }

    [TestMethod]
    public void Energy_CounterWrapsBetweenSamples_AddsTheRange()
    {
        using var root = new TemporaryDirectory();
        long beforeWrap = Range - 1_000_000;
        WriteZones(root, beforeWrap);
        RaplSensor sensor = RaplSensor.Discover(root.Path, [])!;
        var first = new double[3];
        sensor.Read(first);
        root.Write("intel-rapl:0/energy_uj", "2000000"); // wrapped: 1 J before the wrap, 2 J after
        var second = new double[3];
        sensor.Read(second);
        var trace = PowerTrace.FromSamples(
            [new PowerChannel("rapl", sensor.Rails[0])], [0L, System.Diagnostics.Stopwatch.Frequency], [[first[0]], [second[0]]]);

        double microjoules = new ChannelEnergyCurve(trace, 0).MicrojoulesBetween(0, System.Diagnostics.Stopwatch.Frequency, out bool complete);

        Assert.AreEqual(3_000_000, microjoules, 1e-6);
        Assert.IsTrue(complete);
    }

    [TestMethod]
    public void Discover_EnergyFileUnreadable_ReturnsNullWithPermissionAdvice()
    {
        using var root = new TemporaryDirectory();
        WriteZones(root, 1);
        foreach (string zone in new[] { "intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1" })
        {
            string energy = Path.Combine(root.Path, zone, "energy_uj");
            File.Delete(energy);
            Directory.CreateDirectory(energy); // unreadable as a file, as energy_uj is for non-root users since Linux 5.10
        }
        var notes = new List<string>();

        RaplSensor? sensor = RaplSensor.Discover(root.Path, notes);

        Assert.IsNull(sensor);
        Assert.IsTrue(notes.Exists(n => n.Contains("permission denied", StringComparison.Ordinal) && n.Contains("chmod", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Discover_NoPowercap_ReturnsNullAndSaysWhy()
    {
        var notes = new List<string>();

        Assert.IsNull(RaplSensor.Discover("/nonexistent/edgemmf/powercap", notes));
        StringAssert.Contains(notes[0], "does not exist");
    }

    [TestMethod]
    public void Read_ZoneRemovedMidRun_ThrowsSensorException()
    {
        using var root = new TemporaryDirectory();
        WriteZones(root, 1);
        RaplSensor sensor = RaplSensor.Discover(root.Path, [])!;
        Directory.Delete(Path.Combine(root.Path, "intel-rapl:1"), recursive: true);

        var e = Assert.ThrowsExactly<PowerSensorException>(() => sensor.Read(new double[3]));
        StringAssert.Contains(e.Message, "intel-rapl:1");
    }
}

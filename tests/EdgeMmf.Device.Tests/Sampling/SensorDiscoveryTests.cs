using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.RaspberryPiPmic;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Sampling;

[TestClass]
public sealed class SensorDiscoveryTests
{
    private sealed class FixedOutputRunner(int exitCode, string output) : ICommandRunner
    {
        public (int ExitCode, string Output) Run(string program, IReadOnlyList<string> arguments) => (exitCode, output);
    }

    [TestMethod]
    public void Discover_NothingPresent_ReturnsNoSensorsAndOneNotePerFamily()
    {
        var configuration = new SensorConfiguration
        {
            HwmonRoot = "/nonexistent/edgemmf/hwmon",
            PowercapRoot = "/nonexistent/edgemmf/powercap",
            CommandRunner = new FixedOutputRunner(0, RaspberryPiPmic.PmicOutputSamples.NotRegistered),
        };

        using DiscoveredSensors found = SensorDiscovery.Discover(configuration);

        Assert.IsEmpty(found.Sensors);
        Assert.HasCount(4, found.Notes); // hwmon, rapl, pmic, ina2xx
    }

    [TestMethod]
    public void Discover_SimulatedBoard_FindsHwmonPmicAndConfiguredIna219()
    {
        using var root = new TemporaryDirectory();
        root.Write("hwmon/hwmon2/name", "ina226");
        root.Write("hwmon/hwmon2/power1_input", "2500000");
        var simulatedBus = new SimulatedI2cBus().Attach(0x41, new SimulatedIna219());
        var configuration = new SensorConfiguration
        {
            HwmonRoot = Path.Combine(root.Path, "hwmon"),
            PowercapRoot = Path.Combine(root.Path, "powercap"),
            CommandRunner = new FixedOutputRunner(0, "  VDD_CORE_A current(7)=2.0A\n  VDD_CORE_V volt(15)=0.8V\n"),
            Ina2xx = [new Ina2xxSensorSettings { Chip = "ina219", Bus = 1, Address = "0x41" }, new Ina2xxSensorSettings { Chip = "ina219", Bus = 1, Address = "0x44" }],
            OpenI2cDevice = (bus, address) => simulatedBus.CreateDevice(address, bus),
        };

        using DiscoveredSensors found = SensorDiscovery.Discover(configuration);

        CollectionAssert.AreEqual(new[] { "ina226@hwmon2", "rpi5-pmic", "ina219@i2c-1:0x41" }, found.Sensors.Select(s => s.Name).ToArray());
        Assert.IsTrue(found.Notes.Any(n => n.Contains("0x44", StringComparison.Ordinal)), "the breakout that does not answer is named");
    }

    [TestMethod]
    public void Discover_CountedRailsGiven_SumsExactlyThoseRails()
    {
        using var root = new TemporaryDirectory();
        for (int n = 1; n <= 3; n++)
        {
            root.Write($"hwmon1/in{n}_label", $"RAIL{n}");
            root.Write($"hwmon1/in{n}_input", "5000");
            root.Write($"hwmon1/curr{n}_input", "100");
        }
        root.Write("hwmon1/name", "ina3221");
        var configuration = new SensorConfiguration
        {
            HwmonRoot = root.Path,
            UseRapl = false,
            UseRaspberryPiPmic = false,
            CountedRails = ["RAIL2", "ina3221@hwmon1/RAIL3"],
        };

        using DiscoveredSensors found = SensorDiscovery.Discover(configuration);

        CollectionAssert.AreEqual(new[] { false, true, true }, found.Sensors[0].Rails.Select(r => r.CountsTowardTotal).ToArray());
        Assert.IsTrue(found.Notes.Any(n => n.StartsWith("countedRails: summing only", StringComparison.Ordinal)));
    }
}

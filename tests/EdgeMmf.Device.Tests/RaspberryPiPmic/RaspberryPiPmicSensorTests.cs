using EdgeMmf.Device.RaspberryPiPmic;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.RaspberryPiPmic;

[TestClass]
public sealed class RaspberryPiPmicSensorTests
{
    /// <summary>A fake vcgencmd: a shell script that prints <paramref name="output"/> and exits with <paramref name="exitCode"/>.</summary>
    private static string WriteFakeVcgencmd(TemporaryDirectory directory, string output, int exitCode = 0)
    {
        string outputFile = directory.Write("pmic_read_adc.txt", output.TrimEnd('\n'));
        string script = directory.Write("vcgencmd", $"#!/bin/sh\n[ \"$1\" = pmic_read_adc ] || exit 2\ncat '{outputFile}'\nexit {exitCode}");
        if (!OperatingSystem.IsWindows()) // a fake vcgencmd is a POSIX shell script
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return script;
    }

    [TestMethod]
    public void Discover_FakeVcgencmdOnPi5_ReadsEveryRailAsMilliwatts()
    {
        using var directory = new TemporaryDirectory();
        string vcgencmd = WriteFakeVcgencmd(directory, PmicOutputSamples.Pi5);

        RaspberryPiPmicSensor? sensor = RaspberryPiPmicSensor.Discover(new ProcessCommandRunner(), vcgencmd, []);
        Assert.IsNotNull(sensor);
        var values = new double[sensor.Rails.Count];
        sensor.Read(values);

        Assert.HasCount(PmicOutputSamples.Pi5Rails.Length, sensor.Rails);
        Assert.IsTrue(sensor.Rails.All(r => r.CountsTowardTotal && r.Quantity == RailQuantity.Milliwatts));
        double expectedTotal = PmicOutputSamples.Pi5Rails.Sum(r => r.Amps * r.Volts * 1000);
        Assert.AreEqual(expectedTotal, values.Sum(), 1e-9);
    }

    [TestMethod]
    public void Discover_CommandNotRegistered_ReturnsNullSayingNotAPi5()
    {
        using var directory = new TemporaryDirectory();
        string vcgencmd = WriteFakeVcgencmd(directory, PmicOutputSamples.NotRegistered);
        var notes = new List<string>();

        Assert.IsNull(RaspberryPiPmicSensor.Discover(new ProcessCommandRunner(), vcgencmd, notes));
        StringAssert.Contains(notes[0], "not a Raspberry Pi 5");
    }

    [TestMethod]
    public void Discover_VcgencmdMissing_ReturnsNullSayingItCouldNotRun()
    {
        var notes = new List<string>();

        Assert.IsNull(RaspberryPiPmicSensor.Discover(new ProcessCommandRunner(), "/nonexistent/edgemmf/vcgencmd", notes));
        StringAssert.Contains(notes[0], "could not run");
    }

    [TestMethod]
    public void Read_VcgencmdFailsMidRun_ThrowsSensorExceptionWithExitCode()
    {
        using var directory = new TemporaryDirectory();
        string vcgencmd = WriteFakeVcgencmd(directory, PmicOutputSamples.Pi5);
        RaspberryPiPmicSensor sensor = RaspberryPiPmicSensor.Discover(new ProcessCommandRunner(), vcgencmd, [])!;
        WriteFakeVcgencmd(directory, "VCHI initialization failed", exitCode: 255);

        var e = Assert.ThrowsExactly<PowerSensorException>(() => sensor.Read(new double[sensor.Rails.Count]));
        StringAssert.Contains(e.Message, "255");
    }
}

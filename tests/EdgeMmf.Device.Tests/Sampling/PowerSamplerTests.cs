using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Sampling;

[TestClass]
public sealed class PowerSamplerTests
{
    private static void WaitForRows(PowerSampler sampler, int rows)
    {
        // Waits for the sampler thread's progress (bounded, so a broken sampler fails instead of hanging).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sampler.Trace.Count < rows && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }
        Assert.IsGreaterThanOrEqualTo(rows, sampler.Trace.Count, "the sampler thread took no rows");
    }

    [TestMethod]
    public void Stop_AfterRows_TraceTimestampsAreIncreasingAndValuesRead()
    {
        var sensor = new SimulatedPowerSensor("sim", 1500, 1500);
        using var sampler = new PowerSampler([sensor], TimeSpan.FromMilliseconds(1), null, _ => { });

        sampler.Start();
        WaitForRows(sampler, 5);
        sampler.Stop();

        for (int row = 1; row < sampler.Trace.Count; row++)
        {
            Assert.IsGreaterThan(sampler.Trace.TimestampAt(row - 1), sampler.Trace.TimestampAt(row));
            Assert.AreEqual(1500, sampler.Trace.ValueAt(row, 0));
        }
    }

    [TestMethod]
    public void Sampling_SensorVanishes_ReportsOnceAndOthersContinue()
    {
        var vanishing = new SimulatedPowerSensor("vanishing", 1000, 1000) { VanishAfterReads = 3 };
        var steady = new SimulatedPowerSensor("steady", 2000, 2000);
        var messages = new List<string>();
        using var sampler = new PowerSampler([vanishing, steady], TimeSpan.FromMilliseconds(1), null, m => { lock (messages) { messages.Add(m); } });

        sampler.Start();
        WaitForRows(sampler, 8);
        sampler.Stop();

        Assert.HasCount(1, messages);
        StringAssert.Contains(messages[0], "vanishing");
        StringAssert.Contains(messages[0], "1 sensor(s) remain");
        Assert.AreEqual(4, vanishing.Reads, "no read after the failure");
        PowerTrace trace = sampler.Trace;
        Assert.AreEqual(1000, trace.ValueAt(2, 0));
        Assert.IsTrue(double.IsNaN(trace.ValueAt(trace.Count - 1, 0)));
        Assert.AreEqual(2000, trace.ValueAt(trace.Count - 1, 1));
        CollectionAssert.AreEqual(new[] { vanishing }, sampler.LostSensors.ToArray());
    }

    [TestMethod]
    public void Sampling_WithCsvWriter_RowsAreOnDiskWhileStillRunning()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "samples.csv");
        var sensor = new SimulatedPowerSensor("sim", 1234.5, 1234.5);
        var channels = new[] { new PowerChannel(sensor.Name, sensor.Rails[0]) };
        using var writer = new PowerSampleCsvWriter(path, channels);
        using var sampler = new PowerSampler([sensor], TimeSpan.FromMilliseconds(1), writer, _ => { });

        sampler.Start();
        WaitForRows(sampler, 4);
        string[] lines;
        using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
        {
            lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        sampler.Stop();

        Assert.AreEqual("timestamp_ticks,time_s,sim/VIN [mW]", lines[0]);
        Assert.IsGreaterThanOrEqualTo(4, lines.Length - 1);
        StringAssert.EndsWith(lines[1], ",1234.5");
    }

    [TestMethod]
    public void Sampling_NoSensors_StillRecordsTimestamps()
    {
        using var sampler = new PowerSampler([], TimeSpan.FromMilliseconds(1), null, _ => { });

        sampler.Start();
        WaitForRows(sampler, 2);
        sampler.Stop();

        Assert.IsEmpty(sampler.Channels);
    }

    [TestMethod]
    public void Constructor_NonPositiveInterval_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PowerSampler([], TimeSpan.Zero, null, _ => { }));
    }
}

using System.Diagnostics;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Energy;

[TestClass]
public sealed class PowerMeasurementTests
{
    private static void Generate(IGenerationMarks marks, SimulatedPowerSensor sensor, int tokens)
    {
        sensor.Busy = true;
        marks.OnPrefillStart(Stopwatch.GetTimestamp(), 4);
        Thread.Sleep(5);
        marks.OnFirstToken(Stopwatch.GetTimestamp());
        for (int i = 0; i < tokens; i++)
        {
            Thread.Sleep(2);
            marks.OnToken(Stopwatch.GetTimestamp(), i);
        }
        marks.OnEnd(Stopwatch.GetTimestamp(), tokens);
        sensor.Busy = false;
    }

    [TestMethod]
    public void Finish_AfterIdleAndGeneration_ReportsEnergyAndLeavesEverySampleInTheCsv()
    {
        using var directory = new TemporaryDirectory();
        string csv = Path.Combine(directory.Path, "samples.csv");
        var sensor = new SimulatedPowerSensor("board", 1000, 3000);
        using PowerMeasurement measurement = PowerMeasurement.Start([sensor], TimeSpan.FromMilliseconds(2), csv, _ => { }, expectedTokens: 8);

        measurement.MeasureIdle(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        Generate(measurement.Marks, sensor, 8);
        EnergyReport report = measurement.Finish();

        Assert.IsTrue(report.HasEnergy);
        Assert.AreEqual(8, report.GeneratedTokens);
        Assert.IsTrue(report.IdleMilliwatts is >= 1000 - 1e-9 and <= 3000 + 1e-9);
        Assert.AreEqual(measurement.Trace.Count + 1, File.ReadAllLines(csv).Length, "header plus one line per row");
    }

    [TestMethod]
    public void MeasureIdle_Cancelled_ThrowsAndKeepsSamplesOnDisk()
    {
        using var directory = new TemporaryDirectory();
        string csv = Path.Combine(directory.Path, "samples.csv");
        using var cancel = new CancellationTokenSource();
        var measurement = PowerMeasurement.Start([new SimulatedPowerSensor("board", 1000, 1000)], TimeSpan.FromMilliseconds(2), csv, _ => { });
        cancel.CancelAfter(TimeSpan.FromMilliseconds(30));

        Assert.ThrowsExactly<OperationCanceledException>(() => measurement.MeasureIdle(TimeSpan.FromSeconds(30), cancel.Token));
        measurement.Dispose();

        Assert.IsGreaterThan(1, File.ReadAllLines(csv).Length);
    }
}

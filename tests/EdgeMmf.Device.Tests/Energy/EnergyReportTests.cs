using System.Diagnostics;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Tests.Energy;

[TestClass]
public sealed class EnergyReportTests
{
    private static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    /// <summary>Idle 0-1 s, prefill 1-1.5 s (8 prompt tokens), decode 1.5-3.5 s: 5 tokens generated, one per 0.5 s after the first.</summary>
    private static GenerationMarkRecorder Marks()
    {
        var marks = new GenerationMarkRecorder();
        marks.OnPrefillStart(Ticks(1.0), 8);
        marks.OnFirstToken(Ticks(1.5));
        for (int i = 0; i < 5; i++)
        {
            marks.OnToken(Ticks(1.5 + 0.5 * i), i);
        }
        marks.OnEnd(Ticks(3.5), 5);
        return marks;
    }

    private static PowerTrace Trace(Func<double, double> milliwatts, params bool[] counts)
    {
        var channels = counts.Select((c, i) => new PowerChannel("sim", new PowerRail($"r{i}", RailQuantity.Milliwatts, c))).ToList();
        var timestamps = new List<long>();
        var rows = new List<double[]>();
        for (int i = 0; i <= 400; i++)
        {
            double t = i * 0.01;
            timestamps.Add(Ticks(t));
            rows.Add(counts.Select(_ => milliwatts(t)).ToArray());
        }
        return PowerTrace.FromSamples(channels, timestamps, rows);
    }

    [TestMethod]
    public void Build_LinearPower_GivesPhaseEnergiesAndPerTokenFigures()
    {
        // P(t) = 2000 + 1000 t mW, integrated exactly: idle 0-1 s, prefill 1-1.5 s, decode 1.5-3.5 s.
        static double Joules(double a, double b) => 2 * (b - a) + 0.5 * (b * b - a * a);
        double idle = Joules(0, 1), prefill = Joules(1, 1.5), decode = Joules(1.5, 3.5), active = prefill + decode;
        EnergyReport report = EnergyReport.Build(Trace(t => 2000 + 1000 * t, true), Ticks(0), Ticks(1), Marks());

        Assert.AreEqual(idle * 1e6, report.Idle.Microjoules, 1e-3);
        Assert.AreEqual(prefill * 1e6, report.Prefill.Microjoules, 1e-3);
        Assert.AreEqual(decode * 1e6, report.Decode.Microjoules, 1e-3);
        Assert.AreEqual(idle * 1000, report.IdleMilliwatts, 1e-6);
        Assert.AreEqual(active / 2.5 * 1000, report.AverageMilliwatts, 1e-6);
        Assert.AreEqual(active / 5, report.JoulesPerToken, 1e-9);
        Assert.AreEqual((active - idle * 2.5) / 5, report.JoulesPerTokenAboveIdle, 1e-9);
        Assert.AreEqual(decode / 4, report.DecodeJoulesPerToken, 1e-9);
        Assert.AreEqual(8 / 0.5, report.PrefillTokensPerSecond, 1e-9);
        Assert.AreEqual(4 / 2.0, report.DecodeTokensPerSecond, 1e-9);
        Assert.IsTrue(report.IsComplete);
    }

    [TestMethod]
    public void Build_RailContainedInAnother_IsNotAddedToTheTotal()
    {
        EnergyReport report = EnergyReport.Build(Trace(_ => 4000, true, false), Ticks(0), Ticks(1), Marks());

        Assert.AreEqual(4000, report.AverageMilliwatts, 1e-6);
        CollectionAssert.AreEqual(new[] { "sim/r0" }, report.CountedChannels.ToArray());
        Assert.HasCount(2, report.Channels);
    }

    [TestMethod]
    public void Build_NoSensor_HasTimingsButNoEnergy()
    {
        var trace = PowerTrace.FromSamples([], [Ticks(0), Ticks(4)], [[], []]);

        EnergyReport report = EnergyReport.Build(trace, Ticks(0), Ticks(1), Marks());

        Assert.IsFalse(report.HasEnergy);
        Assert.IsTrue(double.IsNaN(report.JoulesPerToken));
        Assert.AreEqual(2.0, report.DecodeTokensPerSecond, 1e-9);
        StringAssert.StartsWith(report.ToSummaryLine(), "energy: no power sensor (timings only)");
    }

    [TestMethod]
    public void ToSummaryLine_RailsButNoneCounted_SaysSoInsteadOfNoSensor()
    {
        EnergyReport report = EnergyReport.Build(Trace(_ => 4000, false), Ticks(0), Ticks(1), Marks());

        Assert.IsFalse(report.HasEnergy);
        StringAssert.StartsWith(report.ToSummaryLine(), "energy: no rail counted toward the total");
    }

    [TestMethod]
    public void ToSummaryLine_WithEnergy_StatesWattsAndJoulesPerToken()
    {
        EnergyReport report = EnergyReport.Build(Trace(_ => 4000, true), Ticks(0), Ticks(1), Marks());

        string line = report.ToSummaryLine();

        StringAssert.Contains(line, "4.00 W (idle 4.00 W)");
        StringAssert.Contains(line, "2.000 J/token, 0.000 J/token above idle");
    }

    [TestMethod]
    public void Build_MissingEndMark_ThrowsSayingWhichMark()
    {
        var marks = new GenerationMarkRecorder();
        marks.OnPrefillStart(Ticks(1), 4);

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => EnergyReport.Build(Trace(_ => 1, true), 0, Ticks(1), marks));
        StringAssert.Contains(e.Message, "OnEnd");
    }
}

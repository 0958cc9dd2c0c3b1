using System.Diagnostics;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Tests.Energy;

/// <summary>Negative, absurd and infinite readings are left out of the energy and counted, not integrated.</summary>
[TestClass]
public sealed class PowerReadingRangeTests
{
    private static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    private static GenerationMarkRecorder Marks()
    {
        var marks = new GenerationMarkRecorder();
        marks.OnPrefillStart(Ticks(1.0), 8);
        marks.OnFirstToken(Ticks(1.5));
        marks.OnEnd(Ticks(3.5), 5);
        return marks;
    }

    private static EnergyReport Report(Func<int, double> milliwatts)
    {
        var channels = new List<PowerChannel> { new("sim", new PowerRail("VIN", RailQuantity.Milliwatts, true)) };
        var timestamps = new List<long>();
        var rows = new List<double[]>();
        for (int i = 0; i <= 400; i++)
        {
            timestamps.Add(Ticks(i * 0.01));
            rows.Add([milliwatts(i)]);
        }
        return EnergyReport.Build(PowerTrace.FromSamples(channels, timestamps, rows), Ticks(0), Ticks(1), Marks());
    }

    [TestMethod]
    public void Build_BadReadings_AreLeftOutOfTheIntegralAndCounted()
    {
        EnergyReport clean = Report(_ => 3000);
        double[] bad = [-3.9e13, 5e9, double.PositiveInfinity, double.NegativeInfinity, -0.5];
        EnergyReport hostile = Report(i => i % 50 == 7 ? bad[i / 50 % bad.Length] : 3000);

        Assert.AreEqual(0, clean.RejectedSamples);
        Assert.AreEqual(8, hostile.RejectedSamples);
        Assert.AreEqual(clean.Decode.Microjoules, hostile.Decode.Microjoules, 1e-6);
        Assert.AreEqual(clean.JoulesPerToken, hostile.JoulesPerToken, 1e-12);
        Assert.IsGreaterThan(0, hostile.JoulesPerToken);
        StringAssert.Contains(hostile.ToSummaryLine(), "8 implausible power reading(s) left out");
        Assert.IsFalse(clean.ToSummaryLine().Contains("implausible"));
    }

    [TestMethod]
    [DataRow(0.0, true)]
    [DataRow(PowerReadingRange.MaxMilliwatts, true)]
    [DataRow(-1e-9, false)]
    [DataRow(PowerReadingRange.MaxMilliwatts * 1.01, false)]
    [DataRow(double.NaN, false)]
    public void IsPlausible_Milliwatts(double value, bool expected) =>
        Assert.AreEqual(expected, PowerReadingRange.IsPlausible(RailQuantity.Milliwatts, value));

    [TestMethod]
    public void IsPlausible_EnergyCounter_RefusesNegativeAndInfinite()
    {
        Assert.IsTrue(PowerReadingRange.IsPlausible(RailQuantity.CumulativeMicrojoules, 2.6e11));
        Assert.IsFalse(PowerReadingRange.IsPlausible(RailQuantity.CumulativeMicrojoules, -5));
        Assert.IsFalse(PowerReadingRange.IsPlausible(RailQuantity.CumulativeMicrojoules, double.PositiveInfinity));
    }
}

using System.Diagnostics;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Tests.Energy;

[TestClass]
public sealed class ChannelEnergyCurveTests
{
    private static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    /// <summary>A trace of <paramref name="signal"/> (mW as a function of seconds) sampled every <paramref name="step"/> seconds over [0, <paramref name="duration"/>].</summary>
    private static PowerTrace Sampled(Func<double, double> signal, double step, double duration, RailQuantity quantity = RailQuantity.Milliwatts, double range = 0)
    {
        var timestamps = new List<long>();
        var rows = new List<double[]>();
        int count = (int)Math.Round(duration / step);
        for (int i = 0; i <= count; i++)
        {
            timestamps.Add(Ticks(i * step));
            rows.Add([signal(i * step)]);
        }
        return PowerTrace.FromSamples([new PowerChannel("sim", new PowerRail("VIN", quantity, true, range))], timestamps, rows);
    }

    [TestMethod]
    public void MicrojoulesBetween_LinearRamp_EqualsItsExactIntegral()
    {
        // P(t) = 1000 + 500 t mW; the trapezoid rule is exact for a linear signal.
        PowerTrace trace = Sampled(t => 1000 + 500 * t, 0.01, 2.0);
        var curve = new ChannelEnergyCurve(trace, 0);

        double whole = curve.MicrojoulesBetween(Ticks(0), Ticks(2), out bool complete);
        double middle = curve.MicrojoulesBetween(Ticks(0.5), Ticks(1.5), out _);

        static double Integral(double a, double b) => (1000 * (b - a) + 250 * (b * b - a * a)) * 1000; // mJ -> µJ
        Assert.AreEqual(Integral(0, 2), whole, 1e-3);
        Assert.AreEqual(Integral(0.5, 1.5), middle, 1e-3);
        Assert.IsTrue(complete);
    }

    [TestMethod]
    public void MicrojoulesBetween_Sine_ConvergesToExactIntegral()
    {
        // P(t) = 3000 + 1000 sin(2 pi t) mW over one period: 3 J exactly.
        PowerTrace trace = Sampled(t => 3000 + 1000 * Math.Sin(2 * Math.PI * t), 0.001, 1.0);

        double microjoules = new ChannelEnergyCurve(trace, 0).MicrojoulesBetween(Ticks(0), Ticks(1), out _);

        Assert.AreEqual(3_000_000, microjoules, 1.0);
    }

    [TestMethod]
    public void MicrojoulesBetween_WindowBetweenSamples_InterpolatesLinearly()
    {
        PowerTrace trace = Sampled(_ => 2000, 0.1, 1.0); // constant 2 W

        double microjoules = new ChannelEnergyCurve(trace, 0).MicrojoulesBetween(Ticks(0.25), Ticks(0.55), out _);

        Assert.AreEqual(2000 * 0.30 * 1000, microjoules, 1e-3);
    }

    [TestMethod]
    public void MicrojoulesBetween_Counter_DifferencesAndUnwrapsEveryWrap()
    {
        // A counter rising 1 J/s with a range of 0.3 J wraps three times in a second.
        const double range = 300_000;
        PowerTrace trace = Sampled(t => (t * 1_000_000) % range, 0.01, 1.0, RailQuantity.CumulativeMicrojoules, range);

        double microjoules = new ChannelEnergyCurve(trace, 0).MicrojoulesBetween(Ticks(0), Ticks(1), out _);

        Assert.AreEqual(1_000_000, microjoules, 1e-3);
    }

    [TestMethod]
    public void MicrojoulesBetween_SensorVanishedBeforeWindowEnd_IsIncompleteAndCoversTheSampledPart()
    {
        PowerTrace full = Sampled(_ => 1000, 0.1, 1.0);
        var rows = new List<double[]>();
        var timestamps = new List<long>();
        for (int i = 0; i < full.Count; i++)
        {
            timestamps.Add(full.TimestampAt(i));
            rows.Add([i <= 5 ? 1000 : double.NaN]); // gone after 0.5 s
        }
        PowerTrace trace = PowerTrace.FromSamples(full.Channels, timestamps, rows);

        double microjoules = new ChannelEnergyCurve(trace, 0).MicrojoulesBetween(Ticks(0), Ticks(1), out bool complete);

        Assert.IsFalse(complete);
        Assert.AreEqual(1000 * 0.5 * 1000, microjoules, 1e-3);
    }

    [TestMethod]
    public void MicrojoulesBetween_NoSamplesNearWindow_IsNaN()
    {
        PowerTrace trace = Sampled(_ => 1000, 0.1, 1.0);

        Assert.IsTrue(double.IsNaN(new ChannelEnergyCurve(trace, 0).MicrojoulesBetween(Ticks(5), Ticks(6), out _)));
    }
}

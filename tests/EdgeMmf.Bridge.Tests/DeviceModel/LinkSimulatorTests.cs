using System.Diagnostics;
using EdgeMmf.Bridge.DeviceModel;

namespace EdgeMmf.Bridge.Tests.DeviceModel;

[TestClass]
public sealed class LinkSimulatorTests
{
    [TestMethod]
    public void TicksFor_BytesAtTheRatePlusLatency_IsTheirSumInStopwatchTicks()
    {
        var spi30 = new LinkSimulator(bytesPerSecond: 3_750_000, latencyMicroseconds: 250_000);
        // 3.75 MB at 3.75 MB/s is one second, plus a quarter second of latency.
        Assert.AreEqual(Stopwatch.Frequency * 5 / 4, spi30.TicksFor(3_750_000), Stopwatch.Frequency / 1_000_000);
    }

    [TestMethod]
    public void IsEnabled_NoRateAndNoLatency_IsFalse()
    {
        Assert.IsFalse(new LinkSimulator(0, 0).IsEnabled);
        Assert.AreEqual(0, new LinkSimulator(0, 0).TicksFor(1 << 20));
    }
}

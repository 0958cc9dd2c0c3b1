using EdgeMmf.Diagnostics.Threading;

namespace EdgeMmf.Runtime.Tests.Threading;

[TestClass]
public sealed class MemoryBandwidthProbeTests
{
    [TestMethod]
    public void Measure_SmallBuffer_ReportsAPositiveFiniteRate()
    {
        double gbps = MemoryBandwidthProbe.Measure(threads: 2, bytes: 8 << 20, passes: 2);
        Assert.IsTrue(gbps > 0 && double.IsFinite(gbps), $"{gbps} GB/s");
    }

    [TestMethod]
    public void Measure_UnderOneMebibyte_IsRejected() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MemoryBandwidthProbe.Measure(threads: 1, bytes: (1 << 20) - 1));
}

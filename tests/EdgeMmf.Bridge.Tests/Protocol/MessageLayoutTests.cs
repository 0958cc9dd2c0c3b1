using EdgeMmf.Bridge.Protocol;

namespace EdgeMmf.Bridge.Tests.Protocol;

[TestClass]
public sealed class MessageLayoutTests
{
    [TestMethod]
    public void DeviceCapabilities_WriteThenRead_RoundTrips()
    {
        var capabilities = new DeviceCapabilities(1, 65536, 16384, 1024, 512L << 20, 1, 7, 200_000_000, 1 << 20, 64, 8);
        var bytes = new byte[DeviceCapabilities.EncodedBytes];
        capabilities.Write(bytes);
        Assert.AreEqual(capabilities, DeviceCapabilities.Read(bytes));
        Assert.IsTrue(capabilities.Supports(ResultFormat.Float32));
        Assert.IsTrue(capabilities.Supports(PackingFormat.Tq2_0));
    }

    [TestMethod]
    public void DeviceCounters_WriteThenRead_RoundTrips()
    {
        var counters = new DeviceCounters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, long.MaxValue);
        var bytes = new byte[DeviceCounters.EncodedBytes];
        counters.Write(bytes);
        Assert.AreEqual(counters, DeviceCounters.Read(bytes));
    }

    [TestMethod]
    public void UploadWeightsHeader_WriteThenRead_RoundTrips()
    {
        var header = new UploadWeightsHeader(513, PackingFormat.Tq2_0, 2816, 1024, 1.2345f, 65536, 2816 * 264);
        var bytes = new byte[UploadWeightsHeader.EncodedBytes];
        header.Write(bytes);
        Assert.AreEqual(header, UploadWeightsHeader.Read(bytes));
    }

    [TestMethod]
    public void AfterSlots_PadsSlotListToFourBytes()
    {
        Assert.AreEqual(12, RunLayout.AfterSlots(1));
        Assert.AreEqual(12, RunLayout.AfterSlots(2));
        Assert.AreEqual(16, RunLayout.AfterSlots(3));
    }
}

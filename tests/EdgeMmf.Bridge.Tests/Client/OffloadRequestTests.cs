using System.Net;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Tests.Client;

[TestClass]
public sealed class OffloadRequestTests
{
    [TestMethod]
    public void Parse_NeitherOption_ReturnsNull()
    {
        Assert.IsNull(OffloadRequest.Parse(null, " "));
    }

    [TestMethod]
    public void Parse_OffloadWithoutBridge_ThrowsAskingForBridge()
    {
        var error = Assert.ThrowsExactly<BridgeAddressException>(() => OffloadRequest.Parse("layers=0-11", null));
        StringAssert.Contains(error.Message, "needs --bridge");
    }

    [TestMethod]
    public void Parse_BridgeWithoutOffload_ThrowsAskingForLayers()
    {
        var error = Assert.ThrowsExactly<OffloadSpecException>(() => OffloadRequest.Parse(null, "sim:127.0.0.1:9"));
        StringAssert.Contains(error.Message, "needs --offload");
    }

    [TestMethod]
    public void Parse_Both_ReadsLayersAndAddress()
    {
        OffloadRequest request = OffloadRequest.Parse("layers=0-11", "spi:/dev/spidev0.0@30000000")!;
        Assert.IsTrue(request.Layers.Includes(11));
        Assert.IsFalse(request.Layers.Includes(12));
        Assert.AreEqual(30_000_000, request.Bridge.SpeedHz);
    }

    [TestMethod]
    public void Connect_LayerBeyondTheModel_ThrowsBeforeConnecting()
    {
        OffloadRequest request = OffloadRequest.Parse("layers=0-24", "sim:127.0.0.1:1")!;
        var error = Assert.ThrowsExactly<OffloadSpecException>(() => request.Connect(24));
        StringAssert.Contains(error.Message, "has 24 layers");
    }

    [TestMethod]
    public void Connect_NothingListening_ThrowsNamingTheBridgeSimCommand()
    {
        // Bind and release a port so that nothing listens on it.
        using var probe = BridgeSimServer.Start(new BridgeDeviceModel(), new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)probe.LocalEndPoint).Port;
        probe.Dispose();

        var error = Assert.ThrowsExactly<BridgeDisconnectedException>(() => OffloadRequest.Parse("layers=0", $"sim:127.0.0.1:{port}")!.Connect(24));
        StringAssert.Contains(error.Message, "edgemmf bridge-sim --listen");
    }

    [TestMethod]
    public void LinkPerToken_DividesASpanByItsTokens()
    {
        var span = new LinkStatistics { BytesSent = 800, BytesReceived = 2400, Exchanges = 12, DeviceNanoseconds = 4_000_000, ExchangeTicks = 0 };
        LinkPerToken perToken = LinkPerToken.From(span, 4);
        Assert.AreEqual(200, perToken.BytesSent);
        Assert.AreEqual(800, perToken.Bytes);
        Assert.AreEqual(3, perToken.Exchanges);
        Assert.AreEqual(1.0, perToken.DeviceMilliseconds, 1e-9);
    }
}

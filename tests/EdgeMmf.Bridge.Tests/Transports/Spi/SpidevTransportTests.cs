using System.Device.Spi;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Transports.Spi;

namespace EdgeMmf.Bridge.Tests.Transports.Spi;

[TestClass]
public sealed class SpidevTransportTests
{
    [TestMethod]
    public void Settings_SpidevPath_IsBusChipSelectModeZeroEightBitsAtTheClock()
    {
        SpiConnectionSettings settings = SpidevPath.Settings("/dev/spidev1.2", 30_000_000);

        Assert.AreEqual(1, settings.BusId);
        Assert.AreEqual(2, settings.ChipSelectLine);
        Assert.AreEqual(SpiMode.Mode0, settings.Mode);
        Assert.AreEqual(8, settings.DataBitLength);
        Assert.AreEqual(30_000_000, settings.ClockFrequency);
    }

    [TestMethod]
    public void Settings_PathThatIsNotSpidevBC_ThrowsWithTheForm()
    {
        var e = Assert.ThrowsExactly<BridgeAddressException>(() => SpidevPath.Settings("/dev/spi0", 1_000_000));
        StringAssert.Contains(e.Message, "/dev/spidevB.C");
    }

    [TestMethod]
    public void Open_MissingDevice_ThrowsDisconnectedNamingPathAndFix()
    {
        var e = Assert.ThrowsExactly<BridgeDisconnectedException>(() => SpidevTransport.Open("/dev/spidev97.0", 1_000_000));
        StringAssert.Contains(e.Message, "/dev/spidev97.0");
        StringAssert.Contains(e.Message, "dtparam=spi=on");
    }

    [TestMethod]
    public void Write_LongerThanBufsiz_SplitsIntoBufsizChunksInOrder()
    {
        var device = new RecordingSpiDevice();
        using var spi = new SpidevTransport(device, 4096, "spi");
        var data = new byte[10_000];
        new Random(1).NextBytes(data);

        spi.Write(data);

        CollectionAssert.AreEqual(new[] { 4096, 4096, 1808 }, device.Sent.Select(b => b.Length).ToArray());
        CollectionAssert.AreEqual(data, device.Sent.SelectMany(b => b).ToArray());
        Assert.IsEmpty(device.Reads);
    }

    [TestMethod]
    public void Read_LargeBuffer_ClocksAtMostBufsiz()
    {
        var device = new RecordingSpiDevice();
        using var spi = new SpidevTransport(device, 4096, "spi");
        var buffer = new byte[10_000];

        int read = spi.Read(buffer, 100);

        Assert.AreEqual(4096, read);
        CollectionAssert.AreEqual(new[] { 4096 }, device.Reads);
        Assert.IsTrue(buffer.Take(4096).All(b => b == 0x5A));
        Assert.IsTrue(buffer.Skip(4096).All(b => b == 0));
    }

    [TestMethod]
    public void Write_DeviceGone_ThrowsDisconnectedNamingTheLink()
    {
        var device = new RecordingSpiDevice { Gone = true };
        using var spi = new SpidevTransport(device, 4096, "spi:/dev/spidev0.0@30000000");

        var e = Assert.ThrowsExactly<BridgeDisconnectedException>(() => spi.Write(new byte[8]));
        StringAssert.Contains(e.Message, "spi:/dev/spidev0.0@30000000");
        StringAssert.Contains(e.Message, "Error 19");
    }

    [TestMethod]
    public void Dispose_DisposesTheSpiDevice()
    {
        var device = new RecordingSpiDevice();
        new SpidevTransport(device, 4096, "spi").Dispose();
        Assert.IsTrue(device.Disposed);
    }

    [TestMethod]
    public void BufferSize_ReadsTheModuleParameterOrFallsBackToTheKernelDefault()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bufsiz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(path, "65536\n");
            Assert.AreEqual(65536, SpidevBufferSize.Read(path));
            File.WriteAllText(path, "nonsense");
            Assert.AreEqual(4096, SpidevBufferSize.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.AreEqual(4096, SpidevBufferSize.Read(path + "-missing"));
    }
}

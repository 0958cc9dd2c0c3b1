using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Device.Gpio;

namespace EdgeMmf.Bridge.Tests.Addressing;

[TestClass]
public sealed class BridgeAddressTests
{
    [TestMethod]
    public void Parse_Spi_ReadsPathAndClock()
    {
        Assert.AreEqual(new BridgeAddress(BridgeAddressKind.Spi, "/dev/spidev0.0", "", 0, 30_000_000), BridgeAddress.Parse("spi:/dev/spidev0.0@30000000"));
    }

    [TestMethod]
    public void Parse_SpiWithResetAndIrq_ReadsTheGpioLinesAndRoundTrips()
    {
        BridgeAddress address = BridgeAddress.Parse("spi:/dev/spidev0.0@30000000,reset=gpiochip0:25,irq=0:24");

        Assert.AreEqual(30_000_000, address.SpeedHz);
        Assert.AreEqual("/dev/spidev0.0", address.Path);
        Assert.AreEqual(new GpioLineAddress(0, 25), address.ResetLine);
        Assert.AreEqual(new GpioLineAddress(0, 24), address.InterruptLine);
        Assert.AreEqual("spi:/dev/spidev0.0@30000000,reset=gpiochip0:25,irq=gpiochip0:24", address.ToString());
    }

    [TestMethod]
    [DataRow("spi:/dev/spidev0.0@30000000,reset=25", "CHIP:LINE")]
    [DataRow("spi:/dev/spidev0.0@30000000,led=gpiochip0:3", "unknown SPI option 'led=gpiochip0:3'")]
    public void Parse_SpiWithBadGpioOption_SaysWhatToWrite(string text, string expected)
    {
        var e = Assert.ThrowsExactly<BridgeAddressException>(() => BridgeAddress.Parse(text));
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, text);
    }

    [TestMethod]
    public void Parse_Sim_ReadsHostAndPort()
    {
        Assert.AreEqual(new BridgeAddress(BridgeAddressKind.Sim, "", "127.0.0.1", 5025, 0), BridgeAddress.Parse("sim:127.0.0.1:5025"));
        Assert.AreEqual("::1", BridgeAddress.Parse("sim:[::1]:7").Host);
    }

    [TestMethod]
    public void Parse_XdmaAndPipe_ReadPaths()
    {
        Assert.AreEqual(new BridgeAddress(BridgeAddressKind.Xdma, "/dev/xdma0", "", 0, 0), BridgeAddress.Parse("xdma:/dev/xdma0"));
        Assert.AreEqual(new BridgeAddress(BridgeAddressKind.Pipe, "/tmp/b.sock", "", 0, 0), BridgeAddress.Parse("pipe:/tmp/b.sock"));
    }

    [TestMethod]
    [DataRow("spi:/dev/spidev0.0@30000000")]
    [DataRow("sim:localhost:9")]
    [DataRow("xdma:/dev/xdma1")]
    [DataRow("pipe:/run/bridge")]
    public void ToString_ParsesBackToTheSameAddress(string text)
    {
        Assert.AreEqual(text, BridgeAddress.Parse(text).ToString());
    }

    [TestMethod]
    [DataRow("", "it is empty")]
    [DataRow("/dev/spidev0.0", "it has no scheme")]
    [DataRow("usb:/dev/ttyUSB0", "unknown scheme 'usb'")]
    [DataRow("spi:/dev/spidev0.0", "needs the clock in Hz")]
    [DataRow("spi:/dev/spidev0.0@30MHz", "'30MHz' is not an SPI clock")]
    [DataRow("spi:spidev0.0@1000", "not an absolute device path")]
    [DataRow("sim:127.0.0.1", "HOST:PORT")]
    [DataRow("sim:127.0.0.1:70000", "'70000' is not a TCP port")]
    [DataRow("xdma:xdma0", "not an absolute device path")]
    public void Parse_Malformed_ThrowsNamingTheProblemAndTheForms(string text, string expected)
    {
        var error = Assert.ThrowsExactly<BridgeAddressException>(() => BridgeAddress.Parse(text));
        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, "sim:HOST:PORT");
    }
}

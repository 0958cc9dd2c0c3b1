using System.Device.Gpio;
using System.Diagnostics;
using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Bridge.Transports.Spi;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Bridge.Tests.Transports.Spi;

/// <summary>The <c>reset=</c> and <c>irq=</c> lines of an SPI bridge, against a simulated GPIO chip.</summary>
[TestClass]
public sealed class BridgeGpioLinesTests
{
    private const int ResetLine = 25;
    private const int IrqLine = 24;

    private static (SpidevTransport Spi, RecordingSpiDevice Device, SimulatedGpioDriver Chip) Connect(bool reset, bool irq)
    {
        var chip = new SimulatedGpioDriver();
        var controller = new GpioController(chip);
        BridgeAddress address = BridgeAddress.Parse("spi:/dev/spidev0.0@30000000"
            + (reset ? $",reset=gpiochip0:{ResetLine}" : "") + (irq ? $",irq=gpiochip0:{IrqLine}" : ""));
        BridgeGpioLines? lines = BridgeTransportFactory.OpenLines(address, _ => controller);
        var device = new RecordingSpiDevice();
        return (new SpidevTransport(device, 4096, address.ToString(), lines), device, chip);
    }

    [TestMethod]
    public void Connect_WithResetLine_HoldsItHighThenPulsesItLowOnce()
    {
        var (spi, _, chip) = Connect(reset: true, irq: false);
        using (spi)
        {
            CollectionAssert.AreEqual(
                new[] { (ResetLine, PinValue.High), (ResetLine, PinValue.Low), (ResetLine, PinValue.High) },
                chip.Writes.ToArray());
        }
    }

    [TestMethod]
    public void ResetDevice_WithResetLine_PulsesAgain_WithoutOne_ReportsFalse()
    {
        var (spi, _, chip) = Connect(reset: true, irq: false);
        using (spi)
        {
            Assert.IsTrue(spi.ResetDevice());
            Assert.AreEqual(5, chip.Writes.Count);
            Assert.AreEqual(PinValue.High, chip.Level(ResetLine));
        }
        var (plain, _, _) = Connect(reset: false, irq: false);
        using (plain) Assert.IsFalse(plain.ResetDevice());
    }

    [TestMethod]
    public void Read_WithIrqLineLow_WaitsForTheEdgeAndTimesOutWithoutClocking()
    {
        var (spi, device, chip) = Connect(reset: false, irq: true);
        using (spi)
        {
            var watch = Stopwatch.StartNew();
            int read = spi.Read(new byte[64], timeoutMilliseconds: 60);

            Assert.AreEqual(0, read);
            Assert.IsEmpty(device.Reads, "no idle bytes are clocked while the firmware has nothing ready");
            Assert.AreEqual(1, chip.EdgeWaits);
            Assert.IsGreaterThanOrEqualTo(50L, watch.ElapsedMilliseconds);
        }
    }

    [TestMethod]
    public void Read_WithIrqLine_RisingEdgeWhileWaiting_ClocksTheResponse()
    {
        var (spi, device, chip) = Connect(reset: false, irq: true);
        using (spi)
        {
            // The edge comes once the transport is waiting for it (a fixed delay raced the waiter on a loaded machine).
            Task raise = Task.Run(() =>
            {
                chip.Waiting.Wait(TimeSpan.FromSeconds(5));
                chip.Drive(IrqLine, PinValue.High);
            });

            int read = spi.Read(new byte[64], timeoutMilliseconds: 5_000);
            raise.Wait();

            Assert.AreEqual(64, read);
            CollectionAssert.AreEqual(new[] { 64 }, device.Reads);
            Assert.AreEqual(1, chip.EdgeWaits);
        }
    }

    [TestMethod]
    public void Read_WithIrqLineAlreadyHigh_DoesNotWait()
    {
        var (spi, device, chip) = Connect(reset: false, irq: true);
        using (spi)
        {
            chip.Drive(IrqLine, PinValue.High);

            Assert.AreEqual(16, spi.Read(new byte[16], timeoutMilliseconds: 5_000));
            Assert.AreEqual(0, chip.EdgeWaits);
            Assert.AreEqual(1, device.Reads.Count);
        }
    }

    [TestMethod]
    public void Exchange_RetriesExhaustedOnLinkWithResetLine_PulsesResetAndClosesTheClient()
    {
        var (spi, device, chip) = Connect(reset: true, irq: false);
        device.Fill = 0x00; // the peer answers idle bytes only, so every attempt times out
        using var client = new BridgeClient(spi, new BridgeClientOptions { ResponseTimeoutMilliseconds = 20, MaxRetries = 1 });

        var e = Assert.ThrowsExactly<BridgeRetriesExhaustedException>(() => client.Handshake());

        StringAssert.Contains(e.Message, "reset through its reset line");
        Assert.IsFalse(client.IsOpen);
        Assert.AreEqual(5, chip.Writes.Count, "one pulse on connect, one after the fault");
    }
}

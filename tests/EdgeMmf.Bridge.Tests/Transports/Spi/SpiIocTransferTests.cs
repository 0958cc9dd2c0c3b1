using System.Runtime.CompilerServices;
using EdgeMmf.Bridge.Transports.Spi;

namespace EdgeMmf.Bridge.Tests.Transports.Spi;

/// <summary>
/// Layout and request numbers against include/uapi/linux/spi/spidev.h. The expected numbers were
/// printed by a C program including that header (gcc, x86-64, Debian 12 linux-libc-dev):
/// sizeof = 32; offsets tx 0, rx 8, len 16, speed 20, delay 24, bits 26, cs_change 27,
/// tx_nbits 28, rx_nbits 29, word_delay 30, pad 31; SPI_IOC_MESSAGE(1) = 0x40206b00, (2) = 0x40406b00,
/// (600) = 0x40006b00; SPI_IOC_WR_MODE = 0x40016b01, SPI_IOC_RD_MODE = 0x80016b01,
/// SPI_IOC_WR_BITS_PER_WORD = 0x40016b03, SPI_IOC_WR_MAX_SPEED_HZ = 0x40046b04.
/// </summary>
[TestClass]
public sealed unsafe class SpiIocTransferTests
{
    [TestMethod]
    public void SpiIocTransfer_IsThirtyTwoBytes()
    {
        Assert.AreEqual(32, sizeof(SpiIocTransfer));
        Assert.AreEqual(32, Unsafe.SizeOf<SpiIocTransfer>());
    }

    [TestMethod]
    public void SpiIocTransfer_FieldsSitAtTheKernelHeadersOffsets()
    {
        SpiIocTransfer t = default;
        byte* origin = (byte*)&t;
        int[] offsets =
        [
            (int)((byte*)&t.TxBuffer - origin), (int)((byte*)&t.RxBuffer - origin), (int)((byte*)&t.Length - origin),
            (int)((byte*)&t.SpeedHz - origin), (int)((byte*)&t.DelayMicroseconds - origin), (int)((byte*)&t.BitsPerWord - origin),
            (int)((byte*)&t.ChipSelectChange - origin), (int)((byte*)&t.TxBits - origin), (int)((byte*)&t.RxBits - origin),
            (int)((byte*)&t.WordDelayMicroseconds - origin), (int)((byte*)&t.Pad - origin),
        ];
        CollectionAssert.AreEqual(new[] { 0, 8, 16, 20, 24, 26, 27, 28, 29, 30, 31 }, offsets);
    }

    [TestMethod]
    public void RequestNumbers_MatchTheKernelsIowMacros()
    {
        Assert.AreEqual(0x40206B00u, SpidevIoctl.Message(1));
        Assert.AreEqual(0x40406B00u, SpidevIoctl.Message(2));
        Assert.AreEqual(0x40016B01u, SpidevIoctl.WriteMode);
        Assert.AreEqual(0x80016B01u, SpidevIoctl.ReadMode);
        Assert.AreEqual(0x40016B03u, SpidevIoctl.WriteBitsPerWord);
        Assert.AreEqual(0x40046B04u, SpidevIoctl.WriteMaxSpeedHz);
    }

    [TestMethod]
    public void Message_TooManyTransfersForTheSizeField_EncodesSizeZeroAsSpiMsgsizeDoes()
    {
        Assert.AreEqual(0, SpidevIoctl.MessageSize(600));
        Assert.AreEqual(0x40006B00u, SpidevIoctl.Message(600));
        Assert.AreEqual(511 * 32, SpidevIoctl.MessageSize(511));
    }

    [TestMethod]
    public void Encode_SizeBeyondFourteenBits_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LinuxIoctl.Write((byte)'k', 0, 1 << 14));
    }
}

using EdgeMmf.Bridge.Transports.Spi;

namespace EdgeMmf.Bridge.Tests.Transports.Spi;

[TestClass]
public sealed unsafe class SpidevTransportTests
{
    /// <summary>Records each ioctl the transport issues and copies the bytes its tx pointers name.</summary>
    private sealed class RecordingSpidevFile : ISpidevFile
    {
        public (byte Mode, byte Bits, uint Speed)? Configuration;
        public List<SpiIocTransfer> Transfers { get; } = [];
        public List<byte[]> Sent { get; } = [];
        public byte Fill { get; set; } = 0x5A;

        public void Configure(byte mode, byte bitsPerWord, uint speedHz) => Configuration = (mode, bitsPerWord, speedHz);

        public void Transfer(in SpiIocTransfer transfer)
        {
            Transfers.Add(transfer);
            if (transfer.TxBuffer != 0) Sent.Add(new ReadOnlySpan<byte>((void*)(nuint)transfer.TxBuffer, (int)transfer.Length).ToArray());
            if (transfer.RxBuffer != 0) new Span<byte>((void*)(nuint)transfer.RxBuffer, (int)transfer.Length).Fill(Fill);
        }

        public void Dispose() { }
    }

    [TestMethod]
    public void Constructor_SetsModeBitsAndSpeed()
    {
        var file = new RecordingSpidevFile();
        using var spi = new SpidevTransport(file, 30_000_000, 4096, "spi", mode: 3);
        Assert.AreEqual(((byte)3, (byte)8, 30_000_000u), file.Configuration);
    }

    [TestMethod]
    public void Write_LongerThanBufsiz_SplitsIntoBufsizChunksInOrder()
    {
        var file = new RecordingSpidevFile();
        using var spi = new SpidevTransport(file, 10_000_000, 4096, "spi");
        var data = new byte[10_000];
        new Random(1).NextBytes(data);

        spi.Write(data);

        CollectionAssert.AreEqual(new uint[] { 4096, 4096, 1808 }, file.Transfers.Select(t => t.Length).ToArray());
        CollectionAssert.AreEqual(data, file.Sent.SelectMany(b => b).ToArray());
        Assert.IsTrue(file.Transfers.All(t => t.RxBuffer == 0 && t.SpeedHz == 10_000_000 && t.BitsPerWord == 8));
    }

    [TestMethod]
    public void Read_LargeBuffer_ClocksAtMostBufsizWithZeroTx()
    {
        var file = new RecordingSpidevFile();
        using var spi = new SpidevTransport(file, 10_000_000, 4096, "spi");
        var buffer = new byte[10_000];

        int read = spi.Read(buffer, 100);

        Assert.AreEqual(4096, read);
        Assert.AreEqual(1, file.Transfers.Count);
        Assert.AreEqual(0ul, file.Transfers[0].TxBuffer); // spidev shifts out zeros for a null tx buffer
        Assert.IsTrue(buffer.Take(4096).All(b => b == 0x5A));
        Assert.IsTrue(buffer.Skip(4096).All(b => b == 0));
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

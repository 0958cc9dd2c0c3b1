using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Bridge.Tests.TestSupport;

namespace EdgeMmf.Bridge.Tests.DeviceModel;

/// <summary>The device model driven with raw frames, as firmware conformance tests would drive the FPGA.</summary>
[TestClass]
public sealed class BridgeDeviceModelTests
{
    private sealed class RawLink : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private readonly InMemoryTransport _host;
        private readonly FrameReceiver _receiver = new(1 << 20);

        public RawLink(DeviceModelOptions? options = null)
        {
            Device = new BridgeDeviceModel(options);
            (_host, InMemoryTransport device) = InMemoryTransport.CreatePair();
            _thread = new Thread(() => Device.Serve(device, _stop.Token)) { IsBackground = true };
            _thread.Start();
        }

        public BridgeDeviceModel Device { get; }

        public (FrameHeader Header, byte[] Payload) Send(MessageType type, ushort sequence, byte[] payload)
        {
            var frame = new byte[FrameLayout.FrameBytes(payload.Length)];
            FrameCodec.Encode(frame, type, FrameFlags.None, sequence, BridgeStatus.Ok, payload);
            _host.Write(frame);
            return Receive();
        }

        public (FrameHeader Header, byte[] Payload) Receive()
        {
            ReceiveOutcome outcome = _receiver.Receive(_host, Stopwatch.GetTimestamp() + Stopwatch.Frequency, out FrameHeader header);
            Assert.AreEqual(ReceiveOutcome.Frame, outcome);
            return (header, _receiver.Payload.ToArray());
        }

        public void WriteRaw(byte[] bytes) => _host.Write(bytes);

        public void Hello() => Assert.AreEqual(BridgeStatus.Ok, Send(MessageType.Hello, 1, [1, 0, 0, 0]).Header.Status);

        public void Dispose()
        {
            _stop.Cancel();
            _host.Dispose();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private static byte[] Upload(int slot, int rows, int columns, int offset, int total, byte[] chunk)
    {
        var payload = new byte[UploadWeightsHeader.EncodedBytes + chunk.Length];
        new UploadWeightsHeader(slot, PackingFormat.Tq2_0, rows, columns, 1f, offset, total).Write(payload);
        chunk.CopyTo(payload, UploadWeightsHeader.EncodedBytes);
        return payload;
    }

    private static byte[] RunPayload(ushort slot, sbyte[] q)
    {
        var payload = new byte[RunLayout.AfterSlots(1) + q.Length];
        payload[RunLayout.ResultFormatOffset] = (byte)ResultFormat.Int32;
        payload[RunLayout.MatrixCountOffset] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(RunLayout.VectorCountOffset), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(RunLayout.SlotsOffset), slot);
        Buffer.BlockCopy(q, 0, payload, RunLayout.AfterSlots(1), q.Length);
        return payload;
    }

    [TestMethod]
    public void Run_BeforeHello_IsRefusedWithNoSession()
    {
        using var link = new RawLink();
        (FrameHeader header, byte[] message) = link.Send(MessageType.Run, 3, RunPayload(0, new sbyte[256]));
        Assert.IsTrue(header.IsError);
        Assert.AreEqual(BridgeStatus.NoSession, header.Status);
        StringAssert.Contains(Encoding.UTF8.GetString(message), "Hello");
    }

    [TestMethod]
    public void Hello_OtherProtocolVersion_IsRefusedWithVersionMismatch()
    {
        using var link = new RawLink();
        (FrameHeader header, _) = link.Send(MessageType.Hello, 1, [9, 0, 0, 0]);
        Assert.AreEqual(BridgeStatus.VersionMismatch, header.Status);
    }

    [TestMethod]
    public void Run_SlotNeverUploaded_IsRefusedWithNotResident()
    {
        using var link = new RawLink();
        link.Hello();
        (FrameHeader header, _) = link.Send(MessageType.Run, 2, RunPayload(5, new sbyte[256]));
        Assert.AreEqual(BridgeStatus.NotResident, header.Status);
    }

    [TestMethod]
    public void Run_PartlyUploadedSlot_IsRefusedWithNotResident()
    {
        using var link = new RawLink();
        link.Hello();
        Assert.AreEqual(BridgeStatus.Ok, link.Send(MessageType.UploadWeights, 2, Upload(0, 2, 256, 0, 132, new byte[66])).Header.Status);
        Assert.AreEqual(BridgeStatus.NotResident, link.Send(MessageType.Run, 3, RunPayload(0, new sbyte[256])).Header.Status);
    }

    [TestMethod]
    [DataRow(1024, 1, 256, BridgeStatus.SlotOutOfRange)]
    [DataRow(0, 70000, 256, BridgeStatus.TooLarge)]
    [DataRow(0, 1, 300, BridgeStatus.TooLarge)]
    [DataRow(0, 1, 32768, BridgeStatus.TooLarge)]
    public void UploadWeights_OutsideTheDevicesLimits_IsRefusedWithItsStatus(int slot, int rows, int columns, BridgeStatus expected)
    {
        using var link = new RawLink();
        link.Hello();
        (FrameHeader header, _) = link.Send(MessageType.UploadWeights, 2, Upload(slot, rows, columns, 0, rows * 66 * Math.Max(1, columns / 256), []));
        Assert.AreEqual(expected, header.Status);
    }

    [TestMethod]
    public void UploadWeights_ChunkBeyondBytesReceived_IsRefusedWithOutOfOrder()
    {
        using var link = new RawLink();
        link.Hello();
        link.Send(MessageType.UploadWeights, 2, Upload(0, 3, 256, 0, 198, new byte[66]));
        (FrameHeader header, _) = link.Send(MessageType.UploadWeights, 3, Upload(0, 3, 256, 132, 198, new byte[66]));
        Assert.AreEqual(BridgeStatus.OutOfOrder, header.Status);
    }

    [TestMethod]
    public void Request_SentTwiceWithOneSequenceNumber_IsExecutedOnceAndAnsweredTwice()
    {
        using var link = new RawLink();
        link.Hello();
        var matrix = new RandomTernaryMatrix("w", 4, 256, seed: 1);
        link.Send(MessageType.UploadWeights, 2, Upload(0, 4, 256, 0, matrix.Packed.Length, matrix.Packed));
        byte[] run = RunPayload(0, RandomTernaryMatrix.Activations(1, 256, seed: 2));

        (_, byte[] first) = link.Send(MessageType.Run, 3, run);
        (_, byte[] second) = link.Send(MessageType.Run, 3, run);

        CollectionAssert.AreEqual(first, second);
        Assert.AreEqual(1, link.Device.Counters.Runs);
        Assert.AreEqual(1, link.Device.Counters.Retransmissions);
    }

    [TestMethod]
    public void Serve_PartialFrameThatStopsArriving_IsAbandonedAndTheNextFrameAnswered()
    {
        using var link = new RawLink(new DeviceModelOptions { FrameTimeoutMilliseconds = 20 });
        link.Hello();
        var frame = new byte[FrameLayout.FrameBytes(4)];
        FrameCodec.Encode(frame, MessageType.ReadCounters, FrameFlags.None, 7, BridgeStatus.Ok, new byte[4]);
        link.WriteRaw(frame[..^3]); // lost bytes: the device must not wait forever
        Thread.Sleep(150);

        (FrameHeader header, _) = link.Send(MessageType.ReadCounters, 8, []);

        Assert.AreEqual(8, header.Sequence);
        Assert.AreEqual(BridgeStatus.Ok, header.Status);
    }

    [TestMethod]
    public void Run_ResultsLargerThanAFrame_AreRefusedWithTooLarge()
    {
        using var link = new RawLink(new DeviceModelOptions { MaxPayloadBytes = 4096 });
        link.Hello();
        var matrix = new RandomTernaryMatrix("w", 2000, 256, seed: 1); // 8,000 result bytes
        for (int offset = 0, seq = 2; offset < matrix.Packed.Length; offset += 4000, seq++)
        {
            byte[] chunk = matrix.Packed[offset..Math.Min(matrix.Packed.Length, offset + 4000)];
            Assert.AreEqual(BridgeStatus.Ok, link.Send(MessageType.UploadWeights, (ushort)seq, Upload(0, 2000, 256, offset, matrix.Packed.Length, chunk)).Header.Status);
        }
        (FrameHeader header, byte[] message) = link.Send(MessageType.Run, 200, RunPayload(0, new sbyte[256]));
        Assert.AreEqual(BridgeStatus.TooLarge, header.Status);
        StringAssert.Contains(Encoding.UTF8.GetString(message), "fewer vectors");
    }
}

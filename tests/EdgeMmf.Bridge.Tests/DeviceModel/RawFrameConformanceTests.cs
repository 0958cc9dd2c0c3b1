using EdgeMmf.Testing;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Bridge.Tests.TestSupport;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Bridge.Tests.DeviceModel;

/// <summary>
/// Firmware conformance: a device driven with raw frames, faults included. The same frames and
/// the same expected answers run against the C# device model (<see cref="BridgeDeviceModelTests"/>)
/// and the FPGA RTL in Verilator (<see cref="Rtl.RtlConformanceTests"/>). Expected results come from
/// <see cref="TernaryGemv.ComputeScalar"/>, the specification, never from the device under test.
/// </summary>
public abstract class RawFrameConformanceTests
{
    protected sealed class RawLink : IDisposable
    {
        private readonly IBridgeTransport _host;
        private readonly IDisposable _owner;
        private readonly FrameReceiver _receiver = new(1 << 20);
        private ushort _counterSequence = 60000;

        public RawLink(IBridgeTransport host, IDisposable owner)
        {
            _host = host;
            _owner = owner;
        }

        public (FrameHeader Header, byte[] Payload) Send(MessageType type, ushort sequence, byte[] payload)
        {
            _host.Write(Frame(type, sequence, payload));
            return Receive();
        }

        public (FrameHeader Header, byte[] Payload) Receive()
        {
            ReceiveOutcome outcome = _receiver.Receive(_host, Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency, out FrameHeader header);
            Assert.AreEqual(ReceiveOutcome.Frame, outcome);
            Assert.IsTrue(header.IsResponse);
            return (header, _receiver.Payload.ToArray());
        }

        /// <summary>Whether any frame arrives within <paramref name="milliseconds"/>.</summary>
        public bool AnyFrameWithin(int milliseconds) =>
            _receiver.Receive(_host, Stopwatch.GetTimestamp() + milliseconds * Stopwatch.Frequency / 1000, out _) != ReceiveOutcome.Timeout;

        public void WriteRaw(byte[] bytes) => _host.Write(bytes);

        public DeviceCapabilities Hello()
        {
            (FrameHeader header, byte[] payload) = Send(MessageType.Hello, 1, [1, 0, 0, 0]);
            Assert.AreEqual(BridgeStatus.Ok, header.Status);
            return DeviceCapabilities.Read(payload);
        }

        public DeviceCounters Counters()
        {
            (FrameHeader header, byte[] payload) = Send(MessageType.ReadCounters, _counterSequence++, []);
            Assert.AreEqual(BridgeStatus.Ok, header.Status);
            return DeviceCounters.Read(payload);
        }

        public void Dispose()
        {
            _host.Dispose();
            _owner.Dispose();
        }
    }

    /// <summary>A fresh device (empty weight memory, zero counters) and a raw link to it.</summary>
    protected abstract RawLink Open();

    protected static byte[] Frame(MessageType type, ushort sequence, byte[] payload, FrameFlags flags = FrameFlags.None)
    {
        var frame = new byte[FrameLayout.FrameBytes(payload.Length)];
        FrameCodec.Encode(frame, type, flags, sequence, BridgeStatus.Ok, payload);
        return frame;
    }

    protected static byte[] Upload(int slot, int rows, int columns, int offset, int total, byte[] chunk, byte format = 0, float scale = 1f)
    {
        var payload = new byte[UploadWeightsHeader.EncodedBytes + chunk.Length];
        new UploadWeightsHeader(slot, (PackingFormat)format, rows, columns, scale, offset, total).Write(payload);
        chunk.CopyTo(payload, UploadWeightsHeader.EncodedBytes);
        return payload;
    }

    protected static byte[] RunPayload(ResultFormat format, ActivationLayout layout, ushort[] slots, int vectors, sbyte[] activations)
    {
        int offset = RunLayout.AfterSlots(slots.Length);
        var payload = new byte[offset + activations.Length];
        payload[RunLayout.ResultFormatOffset] = (byte)format;
        payload[RunLayout.MatrixCountOffset] = (byte)slots.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(RunLayout.VectorCountOffset), (ushort)vectors);
        payload[RunLayout.ActivationLayoutOffset] = (byte)layout;
        for (int m = 0; m < slots.Length; m++) BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(RunLayout.SlotsOffset + 2 * m), slots[m]);
        Buffer.BlockCopy(activations, 0, payload, offset, activations.Length);
        return payload;
    }

    private static byte[] RunPayload(ushort slot, sbyte[] q) => RunPayload(ResultFormat.Int32, ActivationLayout.PerMatrix, [slot], 1, q);

    /// <summary>Random TQ2_0 rows with every code, 3 included, and random scale bytes the engine must ignore.</summary>
    private static byte[] RandomPacked(int rows, int columns, int seed)
    {
        var bytes = new byte[rows * Tq2_0.RowBytes(columns)];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void UploadAll(RawLink link, ushort slot, int rows, int columns, byte[] packed, ref ushort sequence, int chunkBytes = 4000)
    {
        for (int offset = 0; offset < packed.Length; offset += chunkBytes)
        {
            byte[] chunk = packed[offset..Math.Min(packed.Length, offset + chunkBytes)];
            (FrameHeader header, byte[] answer) = link.Send(MessageType.UploadWeights, sequence++, Upload(slot, rows, columns, offset, packed.Length, chunk));
            Assert.AreEqual(BridgeStatus.Ok, header.Status);
            Assert.AreEqual(offset + chunk.Length, BinaryPrimitives.ReadInt32LittleEndian(answer));
            Assert.AreEqual(offset + chunk.Length == packed.Length ? 1 : 0, answer[4]);
        }
    }

    private static int[] Expected(byte[] packed, int rows, int columns, sbyte[] q)
    {
        var acc = new int[rows];
        TernaryGemv.ComputeScalar(packed, rows, columns, q, acc);
        return acc;
    }

    private static int[] Results(byte[] payload, ResultFormat format, int count)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = format == ResultFormat.Int32
                ? BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(RunLayout.ResponseFixedBytes + 4 * i))
                : (payload[RunLayout.ResponseFixedBytes + 3 * i] | payload[RunLayout.ResponseFixedBytes + 3 * i + 1] << 8
                   | (sbyte)payload[RunLayout.ResponseFixedBytes + 3 * i + 2] << 16);
        }
        return values;
    }

    [TestMethod]
    public void Run_BeforeHello_IsRefusedWithNoSession()
    {
        using RawLink link = Open();
        (FrameHeader header, byte[] message) = link.Send(MessageType.Run, 3, RunPayload(0, new sbyte[256]));
        Assert.IsTrue(header.IsError);
        Assert.AreEqual(BridgeStatus.NoSession, header.Status);
        Assert.AreEqual(3, header.Sequence);
        StringAssert.Contains(Encoding.UTF8.GetString(message), "Hello");
    }

    [TestMethod]
    public void Hello_OtherProtocolVersion_IsRefusedWithVersionMismatch()
    {
        using RawLink link = Open();
        (FrameHeader header, _) = link.Send(MessageType.Hello, 1, [9, 0, 0, 0]);
        Assert.AreEqual(BridgeStatus.VersionMismatch, header.Status);
        Assert.IsTrue(header.IsError);
    }

    [TestMethod]
    public void Hello_WithoutVersion_IsRefusedWithBadLength()
    {
        using RawLink link = Open();
        Assert.AreEqual(BridgeStatus.BadLength, link.Send(MessageType.Hello, 1, [1]).Header.Status);
    }

    [TestMethod]
    public void Hello_ReportsVersion1WithTq2AndIntegerResults()
    {
        using RawLink link = Open();
        DeviceCapabilities caps = link.Hello();
        Assert.AreEqual(1, caps.ProtocolVersion);
        Assert.IsTrue(caps.Supports(PackingFormat.Tq2_0));
        Assert.IsTrue(caps.Supports(ResultFormat.Int32));
        Assert.IsTrue(caps.Supports(ResultFormat.Int24));
        Assert.AreEqual(0, caps.MaxColumns % 256);
        Assert.AreEqual(RtlSimProcess.EquivalentModelOptions.MaxPayloadBytes, caps.MaxPayloadBytes);
        Assert.AreEqual(RtlSimProcess.EquivalentModelOptions.ResidentBytes, caps.ResidentBytes);
        Assert.AreEqual(RtlSimProcess.EquivalentModelOptions.ResidentSlots, caps.ResidentSlots);
    }

    [TestMethod]
    public void UnknownMessageType_IsRefusedWithUnknownMessage()
    {
        using RawLink link = Open();
        link.Hello();
        (FrameHeader header, _) = link.Send((MessageType)0x7E, 9, [1, 2, 3]);
        Assert.AreEqual(BridgeStatus.UnknownMessage, header.Status);
        Assert.AreEqual((MessageType)0x7E, header.Type);
    }

    [TestMethod]
    public void Run_SlotNeverUploaded_IsRefusedWithNotResident()
    {
        using RawLink link = Open();
        link.Hello();
        (FrameHeader header, _) = link.Send(MessageType.Run, 2, RunPayload(5, new sbyte[256]));
        Assert.AreEqual(BridgeStatus.NotResident, header.Status);
    }

    [TestMethod]
    public void Run_PartlyUploadedSlot_IsRefusedWithNotResident()
    {
        using RawLink link = Open();
        link.Hello();
        Assert.AreEqual(BridgeStatus.Ok, link.Send(MessageType.UploadWeights, 2, Upload(0, 2, 256, 0, 132, new byte[66])).Header.Status);
        Assert.AreEqual(BridgeStatus.NotResident, link.Send(MessageType.Run, 3, RunPayload(0, new sbyte[256])).Header.Status);
    }

    [TestMethod]
    public void UploadWeights_OutsideTheDevicesLimits_IsRefusedWithItsStatus()
    {
        using RawLink link = Open();
        DeviceCapabilities caps = link.Hello();
        ushort seq = 2;
        BridgeStatus Try(int slot, int rows, int columns, int offset, int total, int chunk = 0, byte format = 0) =>
            link.Send(MessageType.UploadWeights, seq++, Upload(slot, rows, columns, offset, total, new byte[chunk], format)).Header.Status;

        Assert.AreEqual(BridgeStatus.SlotOutOfRange, Try(caps.ResidentSlots, 1, 256, 0, 66));
        Assert.AreEqual(BridgeStatus.UnsupportedFormat, Try(0, 1, 256, 0, 66, format: 1));
        Assert.AreEqual(BridgeStatus.TooLarge, Try(0, caps.MaxRows + 1, 256, 0, (caps.MaxRows + 1) * 66));
        Assert.AreEqual(BridgeStatus.TooLarge, Try(0, 0, 256, 0, 0));
        Assert.AreEqual(BridgeStatus.TooLarge, Try(0, 1, 300, 0, 66));
        Assert.AreEqual(BridgeStatus.TooLarge, Try(0, 1, 2 * caps.MaxColumns, 0, 66 * 2 * caps.MaxColumns / 256));
        Assert.AreEqual(BridgeStatus.ShapeMismatch, Try(0, 2, 256, 0, 131));
        Assert.AreEqual(BridgeStatus.BadLength, Try(0, 1, 256, 0, 66, chunk: 67));
        Assert.AreEqual(BridgeStatus.BadLength, Try(0, 1, 256, -1, 66));
        Assert.AreEqual(BridgeStatus.BadLength, link.Send(MessageType.UploadWeights, seq++, new byte[23]).Header.Status);
        int blocks = caps.MaxColumns / 256;
        int rows = (int)(caps.ResidentBytes / (blocks * 66)) + 1; // one row more than weight memory holds
        Assert.IsLessThanOrEqualTo(caps.MaxRows, rows);
        Assert.AreEqual(BridgeStatus.OutOfCapacity, Try(0, rows, caps.MaxColumns, 0, rows * blocks * 66));
        Assert.AreEqual(BridgeStatus.Ok, Try(0, rows - 1, caps.MaxColumns, 0, (rows - 1) * blocks * 66)); // exactly full fits
    }

    [TestMethod]
    public void UploadWeights_ChunkBeyondBytesReceived_IsRefusedWithOutOfOrder()
    {
        using RawLink link = Open();
        link.Hello();
        link.Send(MessageType.UploadWeights, 2, Upload(0, 3, 256, 0, 198, new byte[66]));
        (FrameHeader header, _) = link.Send(MessageType.UploadWeights, 3, Upload(0, 3, 256, 132, 198, new byte[66]));
        Assert.AreEqual(BridgeStatus.OutOfOrder, header.Status);
    }

    [TestMethod]
    public void UploadWeights_ChunkOfAnotherShape_IsRefusedWithShapeMismatch()
    {
        using RawLink link = Open();
        link.Hello();
        link.Send(MessageType.UploadWeights, 2, Upload(0, 3, 256, 0, 198, new byte[66]));
        Assert.AreEqual(BridgeStatus.ShapeMismatch, link.Send(MessageType.UploadWeights, 3, Upload(0, 2, 256, 66, 132, new byte[66])).Header.Status);
        Assert.AreEqual(BridgeStatus.ShapeMismatch, link.Send(MessageType.UploadWeights, 4, Upload(1, 3, 256, 66, 198, new byte[66])).Header.Status);
    }

    [TestMethod]
    public void Request_SentTwiceWithOneSequenceNumber_IsExecutedOnceAndAnsweredTwice()
    {
        using RawLink link = Open();
        link.Hello();
        var matrix = new RandomTernaryMatrix("w", 4, 256, seed: 1);
        link.Send(MessageType.UploadWeights, 2, Upload(0, 4, 256, 0, matrix.Packed.Length, matrix.Packed.ToArray()));
        byte[] run = RunPayload(0, RandomTernaryMatrix.Activations(1, 256, seed: 2));

        (_, byte[] first) = link.Send(MessageType.Run, 3, run);
        (_, byte[] second) = link.Send(MessageType.Run, 3, run);

        CollectionAssert.AreEqual(first, second);
        DeviceCounters counters = link.Counters();
        Assert.AreEqual(1, counters.Runs);
        Assert.AreEqual(1, counters.Retransmissions);
    }

    [TestMethod]
    public void Request_WithBadPayloadCrc_IsNakedWithoutTouchingTheCachedAnswer()
    {
        using RawLink link = Open();
        link.Hello();
        var matrix = new RandomTernaryMatrix("w", 8, 256, seed: 3);
        link.Send(MessageType.UploadWeights, 2, Upload(0, 8, 256, 0, matrix.Packed.Length, matrix.Packed.ToArray()));
        byte[] run = RunPayload(0, RandomTernaryMatrix.Activations(1, 256, seed: 4));
        (_, byte[] first) = link.Send(MessageType.Run, 3, run);

        byte[] corrupt = Frame(MessageType.Run, 4, run);
        corrupt[FrameLayout.HeaderBytes + 20] ^= 0x10; // a payload byte: the header still checks
        link.WriteRaw(corrupt);
        (FrameHeader nak, byte[] message) = link.Receive();
        Assert.AreEqual(BridgeStatus.CrcError, nak.Status);
        Assert.AreEqual(4, nak.Sequence);
        Assert.IsTrue(nak.IsError);
        StringAssert.Contains(Encoding.UTF8.GetString(message), "CRC");

        (FrameHeader again, byte[] cached) = link.Send(MessageType.Run, 3, run); // still the cached answer to 3
        Assert.AreEqual(BridgeStatus.Ok, again.Status);
        CollectionAssert.AreEqual(first, cached);
        (FrameHeader retried, byte[] retriedPayload) = link.Send(MessageType.Run, 4, run); // the resend executes
        Assert.AreEqual(BridgeStatus.Ok, retried.Status);
        CollectionAssert.AreEqual(Results(first, ResultFormat.Int32, 8), Results(retriedPayload, ResultFormat.Int32, 8));

        DeviceCounters counters = link.Counters();
        Assert.AreEqual(1, counters.CrcErrors);
        Assert.AreEqual(1, counters.Retransmissions);
        Assert.AreEqual(2, counters.Runs);
    }

    [TestMethod]
    public void Receiver_SkipsIdleBytesFalseMagicsAndCorruptHeaders()
    {
        using RawLink link = Open();
        link.Hello();
        byte[] good = Frame(MessageType.ReadCounters, 21, []);
        byte[] badHeader = Frame(MessageType.Reset, 20, []);
        badHeader[6] ^= 0x01; // status field changed after sealing: header CRC fails
        var garbage = new List<byte>();
        garbage.AddRange(new byte[37]);                     // SPI idle bytes
        garbage.AddRange([0xED, 0x00, 0xED, 0xED, 0xB1, 0x03]); // false and doubled magics
        garbage.AddRange(badHeader);
        garbage.AddRange([0xED, 0xB1]);
        garbage.AddRange(good);
        link.WriteRaw([.. garbage]);

        (FrameHeader header, byte[] payload) = link.Receive();
        Assert.AreEqual(21, header.Sequence);
        Assert.AreEqual(MessageType.ReadCounters, header.Type);
        Assert.AreEqual(2, DeviceCounters.Read(payload).FramesReceived); // Hello and this one, not the corrupt header
        Assert.IsFalse(link.AnyFrameWithin(100), "a corrupt header must not be answered");
    }

    [TestMethod]
    public void Serve_PartialFrameThatStopsArriving_IsAbandonedAndTheNextFrameAnswered()
    {
        using RawLink link = Open();
        link.Hello();
        byte[] frame = Frame(MessageType.ReadCounters, 7, new byte[4]);
        link.WriteRaw(frame[..^3]); // lost bytes: the device must not wait forever
        Thread.Sleep(150);

        (FrameHeader header, _) = link.Send(MessageType.ReadCounters, 8, []);

        Assert.AreEqual(8, header.Sequence);
        Assert.AreEqual(BridgeStatus.Ok, header.Status);
    }

    [TestMethod]
    public void Frame_WithResponseFlag_IsCountedAndNotAnswered()
    {
        using RawLink link = Open();
        link.Hello();
        link.WriteRaw(Frame(MessageType.Run, 5, [1, 2, 3], FrameFlags.Response));
        Assert.IsFalse(link.AnyFrameWithin(100));
        Assert.AreEqual(3, link.Counters().FramesReceived);
    }

    [TestMethod]
    [DataRow(ResultFormat.Int32, ActivationLayout.PerMatrix)]
    [DataRow(ResultFormat.Int24, ActivationLayout.PerMatrix)]
    [DataRow(ResultFormat.Int24, ActivationLayout.Shared)]
    public void Run_SeveralMatricesAndVectors_EqualsTheSpecification(ResultFormat format, ActivationLayout layout)
    {
        using RawLink link = Open();
        link.Hello();
        (int Rows, int Columns)[] shapes = layout == ActivationLayout.Shared
            ? [(37, 512), (5, 512), (64, 512)]
            : [(37, 512), (5, 256), (64, 768)];
        const int vectors = 2; // 2 x (512 + 256 + 768) activation bytes fit a 4096-byte frame
        ushort seq = 2;
        var packed = new byte[shapes.Length][];
        for (int m = 0; m < shapes.Length; m++)
        {
            packed[m] = RandomPacked(shapes[m].Rows, shapes[m].Columns, seed: 10 + m);
            UploadAll(link, (ushort)(7 + m), shapes[m].Rows, shapes[m].Columns, packed[m], ref seq, chunkBytes: 1000);
        }
        int blocks = layout == ActivationLayout.Shared ? 1 : shapes.Length;
        var activations = new List<sbyte>();
        var perBlock = new sbyte[blocks][];
        for (int b = 0; b < blocks; b++)
        {
            perBlock[b] = RandomTernaryMatrix.Activations(vectors, shapes[b].Columns, seed: 20 + b);
            activations.AddRange(perBlock[b]);
        }

        (FrameHeader header, byte[] payload) = link.Send(MessageType.Run, seq++, RunPayload(format, layout, [7, 8, 9], vectors, [.. activations]));

        Assert.AreEqual(BridgeStatus.Ok, header.Status);
        int bytesPerResult = RunLayout.BytesPerResult(format);
        Assert.AreEqual(RunLayout.ResponseFixedBytes + vectors * shapes.Sum(s => s.Rows) * bytesPerResult, payload.Length);
        var expected = new List<int>();
        for (int m = 0; m < shapes.Length; m++)
        {
            sbyte[] block = perBlock[layout == ActivationLayout.Shared ? 0 : m];
            for (int t = 0; t < vectors; t++)
                expected.AddRange(Expected(packed[m], shapes[m].Rows, shapes[m].Columns, block.AsSpan(t * shapes[m].Columns, shapes[m].Columns).ToArray()));
        }
        CollectionAssert.AreEqual(expected, Results(payload, format, expected.Count));

        DeviceCounters counters = link.Counters();
        Assert.AreEqual(1, counters.Runs);
        Assert.AreEqual(vectors * shapes.Length, counters.Vectors);
    }

    [TestMethod]
    public void UploadWeights_OddChunksAndARetransmittedChunk_GiveTheSameResults()
    {
        using RawLink link = Open();
        link.Hello();
        const int rows = 9, columns = 768;
        byte[] packed = RandomPacked(rows, columns, seed: 31);
        ushort seq = 2;
        int offset = 0;
        while (offset < packed.Length)
        {
            int length = Math.Min(101, packed.Length - offset); // chunks that start inside scale bytes
            byte[] chunk = packed[offset..(offset + length)];
            Assert.AreEqual(BridgeStatus.Ok, link.Send(MessageType.UploadWeights, seq++, Upload(3, rows, columns, offset, packed.Length, chunk)).Header.Status);
            if (offset == 505)
            {
                // An earlier chunk again, as a new request: allowed, and harmless.
                byte[] earlier = packed[202..303];
                (FrameHeader h, byte[] answer) = link.Send(MessageType.UploadWeights, seq++, Upload(3, rows, columns, 202, packed.Length, earlier));
                Assert.AreEqual(BridgeStatus.Ok, h.Status);
                Assert.AreEqual(offset + length, BinaryPrimitives.ReadInt32LittleEndian(answer));
            }
            offset += length;
        }
        sbyte[] q = RandomTernaryMatrix.Activations(1, columns, seed: 32);
        (FrameHeader header, byte[] payload) = link.Send(MessageType.Run, seq++, RunPayload(ResultFormat.Int32, ActivationLayout.PerMatrix, [3], 1, q));
        Assert.AreEqual(BridgeStatus.Ok, header.Status);
        CollectionAssert.AreEqual(Expected(packed, rows, columns, q), Results(payload, ResultFormat.Int32, rows));
        Assert.AreEqual(packed.Length, link.Counters().ResidentBytes);
    }

    [TestMethod]
    public void Run_MalformedRequests_AreRefusedWithTheirStatus()
    {
        using RawLink link = Open();
        DeviceCapabilities caps = link.Hello();
        ushort seq = 2;
        byte[] packed = RandomPacked(4, 256, seed: 41);
        UploadAll(link, 0, 4, 256, packed, ref seq);
        packed = RandomPacked(4, 512, seed: 42);
        UploadAll(link, 1, 4, 512, packed, ref seq);
        BridgeStatus Try(byte[] payload) => link.Send(MessageType.Run, seq++, payload).Header.Status;

        byte[] good = RunPayload(0, new sbyte[256]);
        Assert.AreEqual(BridgeStatus.BadLength, Try(good[..^1]));
        Assert.AreEqual(BridgeStatus.BadLength, Try([.. good, 0]));
        Assert.AreEqual(BridgeStatus.BadLength, Try(good[..7]));
        Assert.AreEqual(BridgeStatus.UnsupportedFormat, Try(RunPayload(ResultFormat.Int32, (ActivationLayout)2, [0], 1, new sbyte[256])));
        Assert.AreEqual(BridgeStatus.TooLarge, Try(RunPayload(ResultFormat.Int32, ActivationLayout.PerMatrix, [0], caps.MaxVectorsPerRun + 1, new sbyte[256])));
        Assert.AreEqual(BridgeStatus.TooLarge, Try(RunPayload(ResultFormat.Int32, ActivationLayout.PerMatrix, [], 1, [])));
        Assert.AreEqual(BridgeStatus.ShapeMismatch, Try(RunPayload(ResultFormat.Int32, ActivationLayout.Shared, [0, 1], 1, new sbyte[256])));
        Assert.AreEqual(BridgeStatus.NotResident, Try(RunPayload(ResultFormat.Int32, ActivationLayout.PerMatrix, [0, 2], 1, new sbyte[512])));
        Assert.AreEqual(BridgeStatus.NotResident, Try(RunPayload(ResultFormat.Int32, ActivationLayout.PerMatrix, [(ushort)caps.ResidentSlots], 1, new sbyte[256])));
        Assert.AreEqual(BridgeStatus.Ok, Try(good));
        Assert.AreEqual(1, link.Counters().Runs);
    }

    [TestMethod]
    public void Reset_ForgetsSlotsAndKeepsCounters()
    {
        using RawLink link = Open();
        link.Hello();
        ushort seq = 2;
        byte[] packed = RandomPacked(2, 256, seed: 51);
        UploadAll(link, 0, 2, 256, packed, ref seq);
        Assert.AreEqual(BridgeStatus.Ok, link.Send(MessageType.Run, seq++, RunPayload(0, new sbyte[256])).Header.Status);
        Assert.AreEqual(132, link.Counters().ResidentBytes);

        (FrameHeader reset, byte[] empty) = link.Send(MessageType.Reset, seq++, []);
        Assert.AreEqual(BridgeStatus.Ok, reset.Status);
        Assert.IsEmpty(empty);

        Assert.AreEqual(BridgeStatus.NotResident, link.Send(MessageType.Run, seq++, RunPayload(0, new sbyte[256])).Header.Status);
        DeviceCounters counters = link.Counters();
        Assert.AreEqual(0, counters.ResidentBytes);
        Assert.AreEqual(1, counters.Runs);
    }

    [TestMethod]
    public void Counters_CountFramesBytesAndAdditionsExactly()
    {
        using RawLink link = Open();
        link.Hello();                                            // request 24 B, answer 60 B
        byte[] packed = RandomPacked(6, 256, seed: 61);
        link.Send(MessageType.UploadWeights, 2, Upload(0, 6, 256, 0, packed.Length, packed)); // 20+24+396, answer 28
        sbyte[] q = RandomTernaryMatrix.Activations(2, 256, seed: 62);
        link.Send(MessageType.Run, 3, RunPayload(ResultFormat.Int24, ActivationLayout.PerMatrix, [0], 2, q)); // 20+12+512, answer 20+8+36

        DeviceCounters counters = link.Counters();
        long additions = 0;
        foreach (byte b in Enumerable.Range(0, 6).SelectMany(r => packed.Skip(r * 66).Take(64)))
            for (int n = 0; n < 4; n++)
                additions += ((b >> (2 * n)) & 3) switch { 0 or 2 => 1, 3 => 2, _ => 0 };
        Assert.AreEqual(4, counters.FramesReceived);
        Assert.AreEqual(3, counters.FramesSent);
        Assert.AreEqual(24 + 440 + 544 + 20, counters.BytesReceived);
        Assert.AreEqual(60 + 28 + 64, counters.BytesSent);
        Assert.AreEqual(2 * additions, counters.TernaryAdditions);
        Assert.AreEqual(2, counters.Vectors);
        Assert.AreEqual(396, counters.ResidentBytes);
    }

    [TestMethod]
    public void Run_ResultsLargerThanAFrame_AreRefusedWithTooLarge()
    {
        using RawLink link = Open();
        DeviceCapabilities caps = link.Hello();
        int rows = caps.MaxPayloadBytes / 4; // with the 8-byte Run header, one row too many
        byte[] packed = RandomPacked(rows, 256, seed: 71);
        ushort seq = 2;
        UploadAll(link, 0, rows, 256, packed, ref seq);
        (FrameHeader header, byte[] message) = link.Send(MessageType.Run, 200, RunPayload(0, new sbyte[256]));
        Assert.AreEqual(BridgeStatus.TooLarge, header.Status);
        StringAssert.Contains(Encoding.UTF8.GetString(message), "fewer vectors");
        Assert.AreEqual(BridgeStatus.Ok, link.Send(MessageType.Run, 201, RunPayload(ResultFormat.Int24, ActivationLayout.PerMatrix, [0], 1, new sbyte[256])).Header.Status);
    }
}

/// <summary>The conformance frames against the C# device model, the executable specification.</summary>
[TestClass]
public sealed class BridgeDeviceModelTests : RawFrameConformanceTests
{
    private sealed class ModelOnThread(BridgeDeviceModel device, InMemoryTransport deviceEnd) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Thread? _thread;

        public void Start()
        {
            _thread = new Thread(() => device.Serve(deviceEnd, _stop.Token)) { IsBackground = true };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop.Cancel();
            deviceEnd.Dispose();
            _thread?.Join(TimeSpan.FromSeconds(5));
            _stop.Dispose();
        }
    }

    protected override RawLink Open()
    {
        var device = new BridgeDeviceModel(RtlSimProcess.EquivalentModelOptions);
        (InMemoryTransport host, InMemoryTransport deviceEnd) = InMemoryTransport.CreatePair();
        var owner = new ModelOnThread(device, deviceEnd);
        owner.Start();
        return new RawLink(host, owner);
    }
}

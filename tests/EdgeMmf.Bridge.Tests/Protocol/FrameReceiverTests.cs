using System.Diagnostics;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Tests.TestSupport;

namespace EdgeMmf.Bridge.Tests.Protocol;

[TestClass]
public sealed class FrameReceiverTests
{
    private static byte[] Frame(ushort sequence, params byte[] payload)
    {
        var frame = new byte[FrameLayout.FrameBytes(payload.Length)];
        FrameCodec.Encode(frame, MessageType.Run, FrameFlags.Response, sequence, BridgeStatus.Ok, payload);
        return frame;
    }

    private static long Soon => Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;

    [TestMethod]
    public void Receive_FrameDeliveredByteByByte_ReassemblesIt()
    {
        var link = new ScriptedTransport();
        foreach (byte b in Frame(5, 10, 20, 30)) link.Enqueue([b]);
        var receiver = new FrameReceiver(64);

        Assert.AreEqual(ReceiveOutcome.Frame, receiver.Receive(link, Soon, out FrameHeader header));
        Assert.AreEqual(5, header.Sequence);
        CollectionAssert.AreEqual(new byte[] { 10, 20, 30 }, receiver.Payload.ToArray());
    }

    [TestMethod]
    public void Receive_GarbageAndIdleBytesBeforeFrame_SkipsThem()
    {
        var link = new ScriptedTransport();
        // Idle SPI fill, a lone magic byte, and a false magic pair followed by junk.
        link.Enqueue([0x00, 0x00, 0xED, 0x00, 0xED, 0xB1, 0x13, 0x37], Frame(6, 1));
        var receiver = new FrameReceiver(64);

        Assert.AreEqual(ReceiveOutcome.Frame, receiver.Receive(link, Soon, out FrameHeader header));
        Assert.AreEqual(6, header.Sequence);
        Assert.AreEqual(8, receiver.DiscardedBytes);
    }

    [TestMethod]
    public void Receive_FrameWithCorruptHeaderThenGoodFrame_ResynchronisesOnTheGoodOne()
    {
        byte[] bad = Frame(1, 1, 2, 3);
        bad[FrameLayout.LengthOffset] = 0xFF; // a corrupt length must not make the receiver wait for it
        var link = new ScriptedTransport();
        link.Enqueue(bad, Frame(2, 4));
        var receiver = new FrameReceiver(64);

        Assert.AreEqual(ReceiveOutcome.Frame, receiver.Receive(link, Soon, out FrameHeader header));
        Assert.AreEqual(2, header.Sequence);
    }

    [TestMethod]
    public void Receive_PayloadCorrupted_ReportsCrcErrorWithTheHeader()
    {
        byte[] frame = Frame(9, 1, 2, 3);
        frame[FrameLayout.HeaderBytes] ^= 1;
        var link = new ScriptedTransport();
        link.Enqueue(frame, Frame(10, 4));
        var receiver = new FrameReceiver(64);

        Assert.AreEqual(ReceiveOutcome.PayloadCrcError, receiver.Receive(link, Soon, out FrameHeader header));
        Assert.AreEqual(9, header.Sequence);
        Assert.AreEqual(ReceiveOutcome.Frame, receiver.Receive(link, Soon, out header));
        Assert.AreEqual(10, header.Sequence);
    }

    [TestMethod]
    public void Receive_FrameMissingBytes_TimesOut()
    {
        byte[] frame = Frame(3, 1, 2, 3, 4);
        var link = new ScriptedTransport();
        link.Enqueue(frame[..^2]);
        var receiver = new FrameReceiver(64);

        Assert.AreEqual(ReceiveOutcome.Timeout, receiver.Receive(link, Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100, out _));
        Assert.AreEqual(frame.Length - 2, receiver.BufferedBytes);
    }

    [TestMethod]
    public void Receive_ManyFramesThroughSmallBuffer_CompactsAndReturnsEach()
    {
        var link = new ScriptedTransport();
        for (ushort s = 0; s < 200; s++) link.Enqueue(Frame(s, new byte[60]));
        var receiver = new FrameReceiver(60);
        for (ushort s = 0; s < 200; s++)
        {
            Assert.AreEqual(ReceiveOutcome.Frame, receiver.Receive(link, Soon, out FrameHeader header));
            Assert.AreEqual(s, header.Sequence);
        }
    }
}

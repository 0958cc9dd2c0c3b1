using EdgeMmf.Bridge.Protocol;

namespace EdgeMmf.Bridge.Tests.Protocol;

[TestClass]
public sealed class FrameCodecTests
{
    [TestMethod]
    public void EncodeThenReadHeader_ReturnsEveryField()
    {
        byte[] payload = [1, 2, 3, 4, 5];
        var frame = new byte[FrameLayout.FrameBytes(payload.Length)];
        int length = FrameCodec.Encode(frame, MessageType.Run, FrameFlags.Response | FrameFlags.Error, 0xBEEF, BridgeStatus.NotResident, payload);

        Assert.AreEqual(frame.Length, length);
        Assert.IsTrue(FrameCodec.TryReadHeader(frame, 1024, out FrameHeader header));
        Assert.AreEqual(new FrameHeader(MessageType.Run, FrameFlags.Response | FrameFlags.Error, 0xBEEF, BridgeStatus.NotResident, 5), header);
        Assert.IsTrue(FrameCodec.PayloadCrcMatches(frame, header.PayloadLength));
        CollectionAssert.AreEqual(payload, frame[FrameLayout.HeaderBytes..(FrameLayout.HeaderBytes + 5)]);
    }

    [TestMethod]
    public void Seal_WritesLittleEndianFieldsAtTheDocumentedOffsets()
    {
        var frame = new byte[FrameLayout.FrameBytes(0)];
        FrameCodec.Seal(frame, MessageType.Hello, FrameFlags.None, 0x0102, BridgeStatus.Ok, 0);
        CollectionAssert.AreEqual(new byte[] { 0xED, 0xB1, 0x01, 0x00, 0x02, 0x01, 0x00, 0x00, 0, 0, 0, 0 }, frame[..12]);
    }

    [TestMethod]
    public void TryReadHeader_AnyHeaderBitFlipped_RejectsTheHeader()
    {
        var frame = new byte[FrameLayout.FrameBytes(8)];
        FrameCodec.Encode(frame, MessageType.Run, FrameFlags.None, 9, BridgeStatus.Ok, new byte[8]);
        for (int bit = 0; bit < FrameLayout.HeaderBytes * 8; bit++)
        {
            var corrupt = (byte[])frame.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.IsFalse(FrameCodec.TryReadHeader(corrupt, 1024, out _), $"bit {bit}");
        }
    }

    [TestMethod]
    public void TryReadHeader_LengthAboveLimit_RejectsTheHeader()
    {
        var frame = new byte[FrameLayout.FrameBytes(100)];
        FrameCodec.Encode(frame, MessageType.Run, FrameFlags.None, 1, BridgeStatus.Ok, new byte[100]);
        Assert.IsFalse(FrameCodec.TryReadHeader(frame, 99, out _));
        Assert.IsTrue(FrameCodec.TryReadHeader(frame, 100, out _));
    }

    [TestMethod]
    public void PayloadCrcMatches_PayloadByteChanged_ReturnsFalse()
    {
        var frame = new byte[FrameLayout.FrameBytes(3)];
        FrameCodec.Encode(frame, MessageType.Run, FrameFlags.None, 1, BridgeStatus.Ok, [7, 8, 9]);
        frame[FrameLayout.HeaderBytes + 1] ^= 0x40;
        Assert.IsFalse(FrameCodec.PayloadCrcMatches(frame, 3));
    }
}

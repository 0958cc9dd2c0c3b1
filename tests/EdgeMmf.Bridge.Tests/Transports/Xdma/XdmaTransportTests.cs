using EdgeMmf.Testing;
using System.Diagnostics;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Tests.TestSupport;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Bridge.Transports.Xdma;

namespace EdgeMmf.Bridge.Tests.Transports.Xdma;

[TestClass]
public sealed class XdmaTransportTests
{
    /// <summary>
    /// A card that implements the mailbox of XdmaRegisters in memory and hands each doorbelled
    /// request to a device model, presenting its answer through ResponseLength.
    /// </summary>
    private sealed class MailboxCard : IXdmaEndpoint
    {
        private const long RequestBase = 0x1000_0000, ResponseBase = 0x2000_0000;
        private const int Window = 2 << 20;
        private readonly byte[] _request = new byte[Window];
        private readonly byte[] _response = new byte[Window];
        private readonly InMemoryTransport _toDevice;
        private readonly FrameReceiver _fromDevice = new(Window - 64);
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private int _responseLength;

        public MailboxCard(uint identity = XdmaRegisters.IdentityValue)
        {
            Identity = identity;
            (_toDevice, InMemoryTransport deviceEnd) = InMemoryTransport.CreatePair();
            var device = new BridgeDeviceModel();
            _thread = new Thread(() => device.Serve(deviceEnd, _stop.Token)) { IsBackground = true };
            _thread.Start();
        }

        public uint Identity { get; }
        public List<(string Operation, long Address, int Length)> Log { get; } = [];

        public void WriteToCard(ReadOnlySpan<byte> data, long cardAddress)
        {
            Log.Add(("h2c", cardAddress, data.Length));
            data.CopyTo(_request.AsSpan((int)(cardAddress - RequestBase)));
        }

        public void ReadFromCard(Span<byte> data, long cardAddress)
        {
            Log.Add(("c2h", cardAddress, data.Length));
            _response.AsSpan((int)(cardAddress - ResponseBase), data.Length).CopyTo(data);
        }

        public uint ReadRegister(int offset) => offset switch
        {
            XdmaRegisters.Identity => Identity,
            XdmaRegisters.RequestAddress => (uint)RequestBase,
            XdmaRegisters.ResponseAddress => (uint)ResponseBase,
            XdmaRegisters.WindowBytes => Window,
            XdmaRegisters.ResponseLength => (uint)Volatile.Read(ref _responseLength),
            _ => 0,
        };

        public void WriteRegister(int offset, uint value)
        {
            if (offset == XdmaRegisters.ResponseAck) { Volatile.Write(ref _responseLength, 0); return; }
            if (offset != XdmaRegisters.RequestLength) return;
            _toDevice.Write(_request.AsSpan(0, (int)value));
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            if (_fromDevice.Receive(_toDevice, deadline, out FrameHeader header) != ReceiveOutcome.Timeout)
            {
                // Re-seal the payload as the card's firmware would have written it.
                int length = FrameCodec.Encode(_response, header.Type, header.Flags, header.Sequence, header.Status, _fromDevice.Payload);
                Volatile.Write(ref _responseLength, length);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _toDevice.Dispose();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    [TestMethod]
    public void Client_OverXdmaMailbox_HandshakesUploadsAndRunsExactly()
    {
        var card = new MailboxCard();
        using var client = new BridgeClient(new XdmaTransport(card, "xdma:test"));
        client.Handshake();
        var matrix = new RandomTernaryMatrix("w", 40, 512, seed: 4);
        client.Upload(0, matrix.Matrix);
        sbyte[] q = RandomTernaryMatrix.Activations(2, 512, seed: 5);
        var acc = new int[80];

        client.Run([0], ActivationLayout.PerMatrix, q, 2, acc);

        CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 2), acc);
        Assert.IsTrue(card.Log.Where(e => e.Operation == "h2c").All(e => e.Address == 0x1000_0000));
        Assert.IsTrue(card.Log.Where(e => e.Operation == "c2h").All(e => e.Address == 0x2000_0000));
    }

    [TestMethod]
    public void Constructor_WrongIdentity_ThrowsNamingTheBitstream()
    {
        using var card = new MailboxCard(identity: 0xDEADBEEF);
        var error = Assert.ThrowsExactly<BridgeVersionException>(() => new XdmaTransport(card, "xdma:test"));
        StringAssert.Contains(error.Message, "0xDEADBEEF");
        StringAssert.Contains(error.Message, "bitstream");
    }

    [TestMethod]
    public void Read_NoResponseReady_ReturnsZeroAfterTheTimeout()
    {
        using var card = new MailboxCard();
        using var transport = new XdmaTransport(card, "xdma:test");
        Assert.AreEqual(0, transport.Read(new byte[64], 5));
    }
}

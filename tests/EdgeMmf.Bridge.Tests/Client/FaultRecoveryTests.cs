using EdgeMmf.Testing;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Tests.TestSupport;

namespace EdgeMmf.Bridge.Tests.Client;

/// <summary>Every fault the device model can inject, and how the client reacts: retry then success, or failure.</summary>
[TestClass]
public sealed class FaultRecoveryTests
{
    private static (DeviceOnThread Rig, RandomTernaryMatrix Matrix, sbyte[] Q) Ready(BridgeClientOptions? options = null)
    {
        var rig = new DeviceOnThread(clientOptions: options);
        rig.Client.Handshake();
        var matrix = new RandomTernaryMatrix("w", 48, 512, seed: 21);
        rig.Client.Upload(0, matrix.Matrix);
        return (rig, matrix, RandomTernaryMatrix.Activations(2, 512, seed: 22));
    }

    private static int[] Run(DeviceOnThread rig, sbyte[] q)
    {
        var acc = new int[2 * 48];
        rig.Client.Run([0], ActivationLayout.PerMatrix, q, 2, acc);
        return acc;
    }

    [TestMethod]
    [DataRow(FaultKind.Crc)]
    [DataRow(FaultKind.Drop)]
    [DataRow(FaultKind.Stall)]
    public void Run_OneFaultyResponse_RetriesAndReturnsExactResult(FaultKind kind)
    {
        (DeviceOnThread rig, RandomTernaryMatrix matrix, sbyte[] q) = Ready();
        using (rig)
        {
            rig.FaultAfter(kind);
            int[] acc = Run(rig, q);

            CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 2), acc);
            // A stall outlasts one or more timeouts (400 ms against 150 ms); the others cost exactly one retry.
            if (kind == FaultKind.Stall) Assert.IsGreaterThanOrEqualTo(1, rig.Client.Statistics.Retries);
            else Assert.AreEqual(1, rig.Client.Statistics.Retries);
            Assert.AreEqual(kind == FaultKind.Crc ? 1 : 0, rig.Client.Statistics.CrcErrors);
            Assert.AreEqual(kind == FaultKind.Crc ? 0 : rig.Client.Statistics.Retries, rig.Client.Statistics.Timeouts);
            // The retry is answered from the device's cache, not computed twice.
            Assert.AreEqual(1, rig.Client.ReadCounters().Runs);
        }
    }

    [TestMethod]
    public void Run_AfterStall_DropsTheLateDuplicateAndStaysInStep()
    {
        (DeviceOnThread rig, RandomTernaryMatrix matrix, sbyte[] q) = Ready();
        using (rig)
        {
            rig.FaultAfter(FaultKind.Stall);
            Run(rig, q);
            sbyte[] other = RandomTernaryMatrix.Activations(2, 512, seed: 99);
            int[] acc = Run(rig, other); // the stalled request's second answer arrives first: dropped by sequence number

            CollectionAssert.AreEqual(matrix.ReferenceAccumulators(other, 2), acc);
            Assert.IsGreaterThanOrEqualTo(1, rig.Client.Statistics.StaleFrames);
        }
    }

    [TestMethod]
    [DataRow(FaultKind.Crc)]
    [DataRow(FaultKind.Drop)]
    public void Run_FaultOnEveryAttempt_ThrowsRetriesExhausted(FaultKind kind)
    {
        (DeviceOnThread rig, _, sbyte[] q) = Ready(DeviceOnThread.Patient with { MaxRetries = 2 });
        using (rig)
        {
            rig.FaultAfter(kind, count: 3);

            var error = Assert.ThrowsExactly<BridgeRetriesExhaustedException>(() => Run(rig, q));
            StringAssert.Contains(error.Message, "Run");
            StringAssert.Contains(error.Message, "failed 3 times");
            Assert.AreEqual(2, rig.Client.Statistics.Retries);
        }
    }

    [TestMethod]
    public void Run_StallLongerThanEveryRetry_ThrowsRetriesExhausted()
    {
        (DeviceOnThread rig, _, sbyte[] q) = Ready(DeviceOnThread.Patient with { ResponseTimeoutMilliseconds = 40, MaxRetries = 1 });
        using (rig)
        {
            rig.FaultAfter(FaultKind.Stall); // 400 ms against 2 x 40 ms

            var error = Assert.ThrowsExactly<BridgeRetriesExhaustedException>(() => Run(rig, q));
            StringAssert.Contains(error.Message, "no response within 40 ms");
        }
    }

    [TestMethod]
    public void Run_DeviceDisconnects_ThrowsDisconnectedWithoutRetrying()
    {
        (DeviceOnThread rig, _, sbyte[] q) = Ready();
        using (rig)
        {
            rig.FaultAfter(FaultKind.Disconnect);

            Assert.ThrowsExactly<BridgeDisconnectedException>(() => Run(rig, q));
            Assert.AreEqual(0, rig.Client.Statistics.Retries);
        }
    }

    [TestMethod]
    public void Run_RequestCorruptedOnTheWay_DeviceAsksForResendAndResultIsExact()
    {
        bool corruptNext = false;
        var rig = new DeviceOnThread(wrapHostEnd: host => new CorruptingTransport(host, () =>
        {
            bool hit = corruptNext;
            corruptNext = false;
            return hit;
        }));
        using (rig)
        {
            rig.Client.Handshake();
            var matrix = new RandomTernaryMatrix("w", 48, 512, seed: 21);
            rig.Client.Upload(0, matrix.Matrix);
            sbyte[] q = RandomTernaryMatrix.Activations(2, 512, seed: 22);
            corruptNext = true;

            CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 2), Run(rig, q));
            Assert.AreEqual(1, rig.Client.Statistics.CrcErrors);
            Assert.AreEqual(1, rig.Client.ReadCounters().CrcErrors);
        }
    }

    [TestMethod]
    public void Upload_ChunkResponseCorrupted_ResendsTheChunkAndCompletes()
    {
        var rig = new DeviceOnThread(new DeviceModelOptions { MaxPayloadBytes = 4096 });
        using (rig)
        {
            rig.Client.Handshake();
            var matrix = new RandomTernaryMatrix("w", 100, 512, seed: 5); // 13,200 bytes: 4 chunks
            rig.FaultAfter(FaultKind.Crc, framesFromNow: 2);
            rig.FaultAfter(FaultKind.Drop, framesFromNow: 3);
            rig.Client.Upload(0, matrix.Matrix);
            sbyte[] q = RandomTernaryMatrix.Activations(1, 512, seed: 6);
            var acc = new int[100];
            rig.Client.Run([0], ActivationLayout.PerMatrix, q, 1, acc);

            CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 1), acc);
            Assert.AreEqual(2, rig.Client.Statistics.Retries);
        }
    }

    /// <summary>Flips a payload bit of a written frame when asked, as line noise on the way to the device would.</summary>
    private sealed class CorruptingTransport(EdgeMmf.Bridge.Transports.IBridgeTransport inner, Func<bool> corruptThis) : EdgeMmf.Bridge.Transports.IBridgeTransport
    {
        public string Description => inner.Description;
        public void Write(ReadOnlySpan<byte> data)
        {
            if (!corruptThis() || data.Length <= FrameLayout.OverheadBytes) { inner.Write(data); return; }
            byte[] copy = data.ToArray();
            copy[FrameLayout.HeaderBytes] ^= 0x10;
            inner.Write(copy);
        }
        public int Read(Span<byte> buffer, int timeoutMilliseconds) => inner.Read(buffer, timeoutMilliseconds);
        public void DiscardPendingInput() => inner.DiscardPendingInput();
        public void Dispose() => inner.Dispose();
    }
}

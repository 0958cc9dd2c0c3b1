using EdgeMmf.Testing;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Tests.TestSupport;

namespace EdgeMmf.Bridge.Tests.Client;

[TestClass]
public sealed class BridgeClientTests
{
    [TestMethod]
    public void Handshake_ReturnsTheDeviceCapabilities()
    {
        var options = new DeviceModelOptions { MaxRows = 4096, ResidentSlots = 12, ClockHz = 125_000_000 };
        using var rig = new DeviceOnThread(options);
        DeviceCapabilities capabilities = rig.Client.Handshake();
        Assert.AreEqual(rig.Device.Capabilities, capabilities);
        Assert.AreEqual(12, capabilities.ResidentSlots);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Run_UploadedMatrix_ReturnsExactAccumulators(bool int24)
    {
        using var rig = new DeviceOnThread(clientOptions: DeviceOnThread.Patient with { PreferInt24Accumulators = int24 });
        rig.Client.Handshake();
        var matrix = new RandomTernaryMatrix("w", 300, 700, seed: 1);
        sbyte[] q = RandomTernaryMatrix.Activations(3, 700, seed: 2);
        rig.Client.Upload(4, matrix.Matrix);
        var acc = new int[3 * 300];

        rig.Client.Run([4], ActivationLayout.PerMatrix, q, 3, acc);

        CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 3), acc);
        Assert.AreEqual(int24 ? ResultFormat.Int24 : ResultFormat.Int32, rig.Client.AccumulatorFormat(768));
    }

    [TestMethod]
    public void Run_SeveralMatricesSharingOneVector_ReturnsEachMatrixsAccumulators()
    {
        using var rig = new DeviceOnThread();
        rig.Client.Handshake();
        var i = new RandomTernaryMatrix("i", 64, 256, seed: 1);
        var f = new RandomTernaryMatrix("f", 64, 256, seed: 2);
        var g = new RandomTernaryMatrix("g", 32, 256, seed: 3);
        rig.Client.Upload(0, i.Matrix);
        rig.Client.Upload(1, f.Matrix);
        rig.Client.Upload(2, g.Matrix);
        sbyte[] u = RandomTernaryMatrix.Activations(2, 256, seed: 4);
        var acc = new int[2 * (64 + 64 + 32)];

        rig.Client.Run([0, 1, 2], ActivationLayout.Shared, u, 2, acc);

        int[] expected = [.. i.ReferenceAccumulators(u, 2), .. f.ReferenceAccumulators(u, 2), .. g.ReferenceAccumulators(u, 2)];
        CollectionAssert.AreEqual(expected, acc);
    }

    [TestMethod]
    public void Run_SeveralMatricesWithOwnVectors_ReadsEachMatrixsBlock()
    {
        using var rig = new DeviceOnThread();
        rig.Client.Handshake();
        var a = new RandomTernaryMatrix("a", 16, 256, seed: 5);
        var b = new RandomTernaryMatrix("b", 8, 512, seed: 6);
        rig.Client.Upload(0, a.Matrix);
        rig.Client.Upload(1, b.Matrix);
        sbyte[] qa = RandomTernaryMatrix.Activations(2, 256, seed: 7);
        sbyte[] qb = RandomTernaryMatrix.Activations(2, 512, seed: 8);
        var acc = new int[2 * 16 + 2 * 8];

        rig.Client.Run([0, 1], ActivationLayout.PerMatrix, [.. qa, .. qb], 2, acc);

        CollectionAssert.AreEqual((int[])[.. a.ReferenceAccumulators(qa, 2), .. b.ReferenceAccumulators(qb, 2)], acc);
    }

    [TestMethod]
    public void RunFinished_ReturnsAccumulatorsOverBothScales()
    {
        using var rig = new DeviceOnThread();
        rig.Client.Handshake();
        var w = new RandomTernaryMatrix("w", 20, 256, seed: 9, weightScale: 1.7f);
        rig.Client.Upload(0, w.Matrix);
        sbyte[] q = RandomTernaryMatrix.Activations(2, 256, seed: 10);
        float[] sx = [3.5f, 0.25f];
        var outputs = new float[40];

        rig.Client.RunFinished([0], ActivationLayout.PerMatrix, q, sx, 2, outputs);

        int[] acc = w.ReferenceAccumulators(q, 2);
        for (int k = 0; k < 40; k++) Assert.AreEqual(acc[k] / (sx[k / 20] * 1.7f), outputs[k], $"output {k}");
    }

    [TestMethod]
    public void Reset_ThenRunOfAForgottenSlot_IsRefusedBeforeSending()
    {
        using var rig = new DeviceOnThread();
        rig.Client.Handshake();
        var w = new RandomTernaryMatrix("w", 4, 256, seed: 1);
        rig.Client.Upload(0, w.Matrix);
        rig.Client.Reset();
        rig.Client.Upload(1, w.Matrix);
        var acc = new int[4];

        rig.Client.Run([1], ActivationLayout.PerMatrix, new sbyte[256], 1, acc);
        long sent = rig.Client.Statistics.Exchanges;
        var error = Assert.ThrowsExactly<ArgumentException>(() => rig.Client.Run([0], ActivationLayout.PerMatrix, new sbyte[256], 1, acc));
        StringAssert.Contains(error.Message, "slot 0");
        Assert.AreEqual(sent, rig.Client.Statistics.Exchanges);
    }

    [TestMethod]
    public void Upload_BeyondResidentCapacity_FailsWithOutOfCapacity()
    {
        using var rig = new DeviceOnThread(new DeviceModelOptions { ResidentBytes = 10_000 });
        rig.Client.Handshake();
        var big = new RandomTernaryMatrix("w", 200, 256, seed: 1); // 13,200 bytes

        var error = Assert.ThrowsExactly<BridgeDeviceException>(() => rig.Client.Upload(0, big.Matrix));
        Assert.AreEqual(BridgeStatus.OutOfCapacity, error.Status);
    }

    [TestMethod]
    public void Upload_LargerThanOneFrame_IsSentInChunks()
    {
        using var rig = new DeviceOnThread(new DeviceModelOptions { MaxPayloadBytes = 8192 });
        rig.Client.Handshake();
        var w = new RandomTernaryMatrix("w", 500, 512, seed: 3); // 66,000 bytes
        long before = rig.Client.Statistics.Exchanges;
        rig.Client.Upload(0, w.Matrix);
        Assert.AreEqual((66_000 + 8168 - 1) / 8168, rig.Client.Statistics.Exchanges - before);

        sbyte[] q = RandomTernaryMatrix.Activations(1, 512, seed: 4);
        var acc = new int[500];
        rig.Client.Run([0], ActivationLayout.PerMatrix, q, 1, acc);
        CollectionAssert.AreEqual(w.ReferenceAccumulators(q, 1), acc);
    }

    [TestMethod]
    public void ReadCounters_AfterRuns_CountsRunsVectorsAndAdditions()
    {
        using var rig = new DeviceOnThread();
        rig.Client.Handshake();
        var w = new RandomTernaryMatrix("w", 8, 256, seed: 1);
        rig.Client.Upload(0, w.Matrix);
        var acc = new int[16];
        rig.Client.Run([0], ActivationLayout.PerMatrix, new sbyte[512], 2, acc);
        rig.Client.Run([0], ActivationLayout.PerMatrix, new sbyte[256], 1, acc);

        DeviceCounters counters = rig.Client.ReadCounters();

        Assert.AreEqual(2, counters.Runs);
        Assert.AreEqual(3, counters.Vectors);
        Assert.AreEqual(3L * w.Ternary.Count(t => t != 0), counters.TernaryAdditions);
        Assert.AreEqual(w.Packed.Length, counters.ResidentBytes);
    }

    [TestMethod]
    public void Handshake_DeviceOfAnotherVersion_ThrowsVersionError()
    {
        var link = new ScriptedTransport();
        link.OnWrite = request =>
        {
            FrameCodec.TryReadHeader(request, 64, out FrameHeader header);
            var payload = new byte[DeviceCapabilities.EncodedBytes];
            new DeviceCapabilities(2, 1, 256, 1, 1, 1, 1, 1, 4096, 1, 1).Write(payload);
            var response = new byte[FrameLayout.FrameBytes(payload.Length)];
            FrameCodec.Encode(response, MessageType.Hello, FrameFlags.Response, header.Sequence, BridgeStatus.Ok, payload);
            link.Enqueue(response);
        };
        using var client = new BridgeClient(link);

        var error = Assert.ThrowsExactly<BridgeVersionException>(() => client.Handshake());
        StringAssert.Contains(error.Message, "v2");
    }

    [TestMethod]
    public void Exchange_StaleResponseBeforeTheAnswer_IsDroppedBySequenceNumber()
    {
        var link = new ScriptedTransport();
        var capabilities = new byte[DeviceCapabilities.EncodedBytes];
        new DeviceCapabilities(1, 1, 256, 1, 1, 1, 1, 1, 4096, 1, 1).Write(capabilities);
        link.OnWrite = request =>
        {
            FrameCodec.TryReadHeader(request, 64, out FrameHeader header);
            var stale = new byte[FrameLayout.FrameBytes(capabilities.Length)];
            FrameCodec.Encode(stale, MessageType.Hello, FrameFlags.Response, (ushort)(header.Sequence - 1), BridgeStatus.Ok, new byte[capabilities.Length]);
            var answer = new byte[FrameLayout.FrameBytes(capabilities.Length)];
            FrameCodec.Encode(answer, MessageType.Hello, FrameFlags.Response, header.Sequence, BridgeStatus.Ok, capabilities);
            link.Enqueue(stale, answer);
        };
        using var client = new BridgeClient(link);

        Assert.AreEqual(1, client.Handshake().ProtocolVersion);
        Assert.AreEqual(1, client.Statistics.StaleFrames);
        Assert.AreEqual(0, client.Statistics.Retries);
    }

    [TestMethod]
    public void Exchange_OnlyStaleResponses_TimesOutAndExhaustsRetries()
    {
        var link = new ScriptedTransport();
        link.OnWrite = request =>
        {
            FrameCodec.TryReadHeader(request, 64, out FrameHeader header);
            var stale = new byte[FrameLayout.FrameBytes(0)];
            FrameCodec.Encode(stale, MessageType.Hello, FrameFlags.Response, (ushort)(header.Sequence + 1), BridgeStatus.Ok, []);
            link.Enqueue(stale);
        };
        using var client = new BridgeClient(link, new BridgeClientOptions { ResponseTimeoutMilliseconds = 20, MaxRetries = 2 });

        var error = Assert.ThrowsExactly<BridgeRetriesExhaustedException>(() => client.Handshake());
        StringAssert.Contains(error.Message, "failed 3 times");
        Assert.AreEqual(3, link.Written.Count);
        Assert.AreEqual(3, client.Statistics.StaleFrames);
    }

    [TestMethod]
    public void Upload_Tq1_0Matrix_IsRepackedAndRunsExactly()
    {
        using var rig = new DeviceOnThread();
        rig.Client.Handshake();
        var matrix = new RandomTernaryMatrix("w", 70, 300, seed: 12, format: EdgeMmf.Runtime.Kernels.TernaryFormat.Tq1_0);
        rig.Client.Upload(0, matrix.Matrix);
        sbyte[] q = RandomTernaryMatrix.Activations(2, 300, seed: 13);
        var acc = new int[140];

        rig.Client.Run([0], ActivationLayout.PerMatrix, q, 2, acc);

        CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 2), acc);
        Assert.AreEqual(BridgeClient.DeviceBytes(matrix.Matrix), rig.Client.ReadCounters().ResidentBytes);
    }
}

using EdgeMmf.Testing;
using System.Net;
using System.Net.Sockets;
using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Tests.TestSupport;

namespace EdgeMmf.Bridge.Tests.Client;

/// <summary>End to end: the device model behind a loopback socket, the runtime's offload seam in front.</summary>
[TestClass]
public sealed class FpgaProjectionOffloadTests
{
    private static (BridgeSimServer Server, BridgeDeviceModel Device, FpgaProjectionOffload Offload) Start(string spec, DeviceModelOptions? options = null)
    {
        var device = new BridgeDeviceModel(options);
        var server = BridgeSimServer.Start(device, new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)server.LocalEndPoint).Port;
        var offload = FpgaProjectionOffload.Connect(BridgeAddress.Parse($"sim:127.0.0.1:{port}"), OffloadSpec.Parse(spec),
            new BridgeClientOptions { ResponseTimeoutMilliseconds = 500, MaxRetries = 2 });
        return (server, device, offload);
    }

    /// <summary>Shapes of one MMfreeLM layer, scaled down: i/f/g/o [D,H], gate [2I,H], down [H,I] with I not a multiple of 256.</summary>
    private static RandomTernaryMatrix[] Layer(int layer, int hidden = 256, int intermediate = 320) =>
    [
        new($"model.layers.{layer}.attn.i_proj.weight", hidden, hidden, seed: layer * 10 + 1),
        new($"model.layers.{layer}.attn.f_proj.weight", hidden, hidden, seed: layer * 10 + 2),
        new($"model.layers.{layer}.attn.g_proj.weight", hidden, hidden, seed: layer * 10 + 3),
        new($"model.layers.{layer}.attn.o_proj.weight", hidden, hidden, seed: layer * 10 + 4),
        new($"model.layers.{layer}.mlp.gate_proj.weight", 2 * intermediate, hidden, seed: layer * 10 + 5),
        new($"model.layers.{layer}.mlp.down_proj.weight", hidden, intermediate, seed: layer * 10 + 6),
    ];

    [TestMethod]
    public void TryComputeAccumulators_OffloadedLayers_EqualCpuReferenceForEveryMatrixAndTokenCount()
    {
        (BridgeSimServer server, _, FpgaProjectionOffload offload) = Start("layers=0-1", new DeviceModelOptions { MaxVectorsPerRun = 4 });
        using (server)
        using (offload)
        {
            RandomTernaryMatrix[] matrices = [.. Layer(0), .. Layer(1)];
            for (int k = 0; k < matrices.Length; k++) Assert.IsTrue(offload.Handles(k / 6, matrices[k].Matrix), matrices[k].Matrix.Name);

            foreach (int tokens in new[] { 1, 3, 9 }) // 9 > MaxVectorsPerRun: split into Runs of 4, 4, 1
            {
                foreach (RandomTernaryMatrix m in matrices)
                {
                    sbyte[] q = RandomTernaryMatrix.Activations(tokens, m.Matrix.Columns, seed: tokens * 100 + m.Matrix.Rows);
                    var acc = new int[tokens * m.Matrix.Rows];
                    Assert.IsTrue(offload.TryComputeAccumulators(m.Matrix, q, tokens, acc), offload.FailureReason);
                    CollectionAssert.AreEqual(m.ReferenceAccumulators(q, tokens), acc, $"{m.Matrix.Name}, {tokens} tokens");
                }
            }
            Assert.IsNull(offload.FailureReason);
            Assert.AreEqual(12, offload.ResidentMatrices);
        }
    }

    [TestMethod]
    public void Handles_LayerOutsideTheSpec_KeepsItOnTheCpuWithoutUploading()
    {
        (BridgeSimServer server, BridgeDeviceModel device, FpgaProjectionOffload offload) = Start("layers=1,head");
        using (server)
        using (offload)
        {
            RandomTernaryMatrix[] layer0 = Layer(0);
            Assert.IsFalse(offload.Handles(0, layer0[0].Matrix));
            Assert.IsTrue(offload.Handles(-1, new RandomTernaryMatrix("lm_head.weight", 512, 256, seed: 9).Matrix));
            Assert.AreEqual(1, offload.ResidentMatrices);
            Assert.AreEqual(offload.ResidentBytes, device.Counters.ResidentBytes);
        }
    }

    [TestMethod]
    public void Handles_DeviceMemoryFull_KeepsTheRestOnTheCpuWithoutFailing()
    {
        // Room for three 256 x 256 matrices (16,896 bytes each).
        (BridgeSimServer server, _, FpgaProjectionOffload offload) = Start("layers=all", new DeviceModelOptions { ResidentBytes = 3 * 16_896 });
        using (server)
        using (offload)
        {
            bool[] handled = Layer(0).Select(m => offload.Handles(0, m.Matrix)).ToArray();
            CollectionAssert.AreEqual(new[] { true, true, true, false, false, false }, handled);
            Assert.AreEqual(3, offload.MatricesKeptOnCpu);
            Assert.IsNull(offload.FailureReason);
        }
    }

    [TestMethod]
    public void TryComputeAccumulators_DeviceDisconnectsMidSequence_ReturnsFalseWithReasonAndStaysOff()
    {
        (BridgeSimServer server, BridgeDeviceModel device, FpgaProjectionOffload offload) = Start("layers=0");
        using (server)
        using (offload)
        {
            RandomTernaryMatrix[] layer = Layer(0);
            foreach (RandomTernaryMatrix m in layer) offload.Handles(0, m.Matrix);
            device.Faults.Add(FaultRule.AtFrame(FaultKind.Disconnect, device.FramesSent + 3));
            bool[] results = new bool[layer.Length];
            for (int k = 0; k < layer.Length; k++)
            {
                sbyte[] q = RandomTernaryMatrix.Activations(1, layer[k].Matrix.Columns, seed: k);
                results[k] = offload.TryComputeAccumulators(layer[k].Matrix, q, 1, new int[layer[k].Matrix.Rows]);
            }

            CollectionAssert.AreEqual(new[] { true, true, false, false, false, false }, results);
            StringAssert.Contains(offload.FailureReason, "sim:127.0.0.1:");
            Assert.IsFalse(offload.Handles(0, Layer(1)[0].Matrix));
        }
    }

    [TestMethod]
    public void TryComputeAccumulators_AfterWarmUp_AllocatesNothing()
    {
        (BridgeSimServer server, _, FpgaProjectionOffload offload) = Start("layers=0");
        using (server)
        using (offload)
        {
            RandomTernaryMatrix m = Layer(0)[4];
            offload.Handles(0, m.Matrix);
            sbyte[] q = RandomTernaryMatrix.Activations(2, m.Matrix.Columns, seed: 1);
            var acc = new int[2 * m.Matrix.Rows];
            // Warm up past tiered compilation's call-count threshold and let tier-1 code install:
            // the runtime's own one-off bookkeeping must not be counted against the call.
            for (int k = 0; k < 200; k++) offload.TryComputeAccumulators(m.Matrix, q, 2, acc);
            Thread.Sleep(300);

            // A per-call allocation shows in every window; a one-off runtime event in at most one.
            long allocated = long.MaxValue;
            for (int window = 0; window < 3; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int k = 0; k < 50; k++) offload.TryComputeAccumulators(m.Matrix, q, 2, acc);
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.AreEqual(0, allocated, $"{allocated} bytes in 50 calls; retries {offload.Client.Statistics.Retries}, timeouts {offload.Client.Statistics.Timeouts}");
        }
    }

    [TestMethod]
    public void Connect_PipeAddress_RunsOverAUnixDomainSocket()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemmf-bridge-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        var device = new BridgeDeviceModel();
        using (BridgeSimServer.Start(device, new UnixDomainSocketEndPoint(path)))
        using (FpgaProjectionOffload offload = FpgaProjectionOffload.Connect(BridgeAddress.Parse($"pipe:{path}"), OffloadSpec.Parse("layers=0")))
        {
            RandomTernaryMatrix m = Layer(0)[0];
            Assert.IsTrue(offload.Handles(0, m.Matrix));
            sbyte[] q = RandomTernaryMatrix.Activations(1, m.Matrix.Columns, seed: 3);
            var acc = new int[m.Matrix.Rows];
            Assert.IsTrue(offload.TryComputeAccumulators(m.Matrix, q, 1, acc));
            CollectionAssert.AreEqual(m.ReferenceAccumulators(q, 1), acc);
        }
        File.Delete(path);
    }

    [TestMethod]
    public void Statistics_OneTokenThroughALayer_CountsTheBytesDocsBridgeProtocolPredicts()
    {
        const int H = 256, I = 512;
        (BridgeSimServer server, _, FpgaProjectionOffload offload) = Start("layers=0");
        using (server)
        using (offload)
        {
            RandomTernaryMatrix[] layer = Layer(0, H, I);
            foreach (RandomTernaryMatrix m in layer) offload.Handles(0, m.Matrix);
            LinkStatistics before = offload.Client.Statistics;
            foreach (RandomTernaryMatrix m in layer)
                offload.TryComputeAccumulators(m.Matrix, new sbyte[m.Matrix.PaddedColumns], 1, new int[m.Matrix.Rows]);
            LinkStatistics token = offload.Client.Statistics.Since(before);

            // docs/bridge-protocol.md: activations 5H + I, int24 results 3(5H + 2I), 60 bytes of framing per projection.
            Assert.AreEqual(5 * H + I + 6 * 32, token.BytesSent);
            Assert.AreEqual(3 * (5 * H + 2 * I) + 6 * 28, token.BytesReceived);
            Assert.AreEqual(6, token.Exchanges);
        }
    }

    [TestMethod]
    public void Connect_SecondSession_StartsFromAnEmptyDevice()
    {
        var device = new BridgeDeviceModel(new DeviceModelOptions { ResidentBytes = 4 * 16_896 });
        using var server = BridgeSimServer.Start(device, new IPEndPoint(IPAddress.Loopback, 0));
        BridgeAddress address = BridgeAddress.Parse($"sim:127.0.0.1:{((IPEndPoint)server.LocalEndPoint).Port}");
        RandomTernaryMatrix[] layer = Layer(0);
        using (FpgaProjectionOffload first = FpgaProjectionOffload.Connect(address, OffloadSpec.Parse("layers=0")))
            foreach (RandomTernaryMatrix m in layer[..4]) Assert.IsTrue(first.Handles(0, m.Matrix));

        using FpgaProjectionOffload second = FpgaProjectionOffload.Connect(address, OffloadSpec.Parse("layers=0"));
        Assert.IsTrue(second.Handles(0, layer[3].Matrix));
        Assert.AreEqual(16_896, device.Counters.ResidentBytes);
    }
}

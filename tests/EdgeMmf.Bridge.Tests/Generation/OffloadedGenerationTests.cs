using System.Net;
using System.Text;
using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Bridge.Tests.Generation;

/// <summary>
/// The end-to-end promise: generation with layers on the device model (over loopback TCP)
/// produces exactly the CPU's text, and still does when the device fails halfway and the CPU takes over.
/// </summary>
[TestClass]
public sealed class OffloadedGenerationTests
{
    internal static readonly HgrnBitConfig Shape = new() { VocabSize = 512, HiddenSize = 256, NumHiddenLayers = 4, BosTokenId = 1, EosTokenId = 2 };
    private static readonly int[] Prompt = [1, 17, 300, 42, 5, 99, 250, 7];
    internal const int Tokens = 24;

    /// <summary>Writes each id as text, so the generated string is the token sequence.</summary>
    private sealed class IdDecoder : ITokenTextDecoder
    {
        public int MaxCharsPerToken => 12;
        public void Reset(bool startOfText = true) { }
        public int Append(int tokenId, Span<char> destination)
        {
            tokenId.TryFormat(destination, out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            destination[written] = ' ';
            return written + 1;
        }
        public int Flush(Span<char> destination) => 0;
    }

    private sealed class StringSink : ITextSink
    {
        public StringBuilder Text { get; } = new();
        public void Write(ReadOnlySpan<char> text) => Text.Append(text);
    }

    internal static (string Text, List<string> Notices) Generate(HgrnBitModel model, FpgaProjectionOffload? offload)
    {
        using var projector = new TernaryProjector(1);
        var forward = new FastForward(model, projector, offload);
        var notices = new List<string>();
        forward.OffloadFellBack += reason => notices.Add(reason);
        // Sampling at temperature 1 over the whole vocabulary: any change in a logit changes the draws.
        var sampler = new TokenSampler(Shape.VocabSize, new SamplingOptions { Temperature = 1f, TopK = 0, TopP = 1f, Seed = 42 });
        var generator = new TextGenerator(forward, new InferenceState(Shape, maxBatch: 4), sampler, new IdDecoder());
        var sink = new StringSink();
        generator.Generate(new GenerationRequest { PromptIds = Prompt, MaxTokens = Tokens, StopAtEndOfSequence = false }, sink);
        return (sink.Text.ToString(), notices);
    }

    private static (BridgeSimServer Server, BridgeDeviceModel Device, FpgaProjectionOffload Offload) Device(string layers)
    {
        var device = new BridgeDeviceModel(new DeviceModelOptions { MaxVectorsPerRun = 3 }); // prompt chunks of 4 split into Runs of 3 + 1
        var server = BridgeSimServer.Start(device, new IPEndPoint(IPAddress.Loopback, 0));
        var offload = FpgaProjectionOffload.Connect(BridgeAddress.Parse($"sim:127.0.0.1:{((IPEndPoint)server.LocalEndPoint).Port}"),
            OffloadSpec.Parse(layers), new BridgeClientOptions { ResponseTimeoutMilliseconds = 300, MaxRetries = 2 });
        return (server, device, offload);
    }

    [TestMethod]
    public void Generate_LayersOnTheDevice_ProducesTheCpuText()
    {
        using HgrnBitModel model = RandomModel.Create(Shape, seed: 11);
        (string cpu, _) = Generate(model, null);
        (BridgeSimServer server, BridgeDeviceModel device, FpgaProjectionOffload offload) = Device("layers=1-2,head");
        using (server)
        using (offload)
        {
            (string offloaded, List<string> notices) = Generate(model, offload);

            Assert.AreEqual(cpu, offloaded);
            Assert.IsEmpty(notices);
            Assert.AreEqual(13, offload.ResidentMatrices); // 2 layers x 6 projections + lm_head
            // Every resident matrix ran at least once per fed-back token: the device did the work.
            Assert.IsGreaterThanOrEqualTo(13L * (Tokens - 1), device.Counters.Runs);
        }
    }

    [TestMethod]
    public void Generate_DeviceDisconnectsMidway_FallsBackOnceAndProducesTheCpuText()
    {
        using HgrnBitModel model = RandomModel.Create(Shape, seed: 12);
        (string cpu, _) = Generate(model, null);
        (BridgeSimServer server, BridgeDeviceModel device, FpgaProjectionOffload offload) = Device("layers=all");
        using (server)
        using (offload)
        {
            device.Faults.Add(FaultRule.AtFrame(FaultKind.Disconnect, device.FramesSent + 200)); // during decoding

            (string offloaded, List<string> notices) = Generate(model, offload);

            Assert.AreEqual(cpu, offloaded);
            Assert.HasCount(1, notices);
            StringAssert.Contains(notices[0], "sim:127.0.0.1:");
            Assert.IsTrue(offload.HasFailed);
        }
    }

    [TestMethod]
    public void Generate_CorruptAndDroppedResponses_AreRetriedWithoutFallbackAndProduceTheCpuText()
    {
        using HgrnBitModel model = RandomModel.Create(Shape, seed: 13);
        (string cpu, _) = Generate(model, null);
        (BridgeSimServer server, BridgeDeviceModel device, FpgaProjectionOffload offload) = Device("layers=0-3");
        using (server)
        using (offload)
        {
            device.Faults.Add(FaultRule.AtFrame(FaultKind.Crc, device.FramesSent + 10));
            device.Faults.Add(FaultRule.AtFrame(FaultKind.Drop, device.FramesSent + 100));
            device.Faults.Add(FaultRule.AtFrame(FaultKind.Crc, device.FramesSent + 300, count: 2));

            (string offloaded, List<string> notices) = Generate(model, offload);

            Assert.AreEqual(cpu, offloaded);
            Assert.IsEmpty(notices);
            Assert.AreEqual(4, offload.Client.Statistics.Retries);
        }
    }
}

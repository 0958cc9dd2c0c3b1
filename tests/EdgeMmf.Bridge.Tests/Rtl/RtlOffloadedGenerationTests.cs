using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Tests.Generation;
using EdgeMmf.Bridge.Tests.TestSupport;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Bridge.Tests.Rtl;

/// <summary>
/// The end-to-end promise for the firmware: generation (temperature 1 with a fixed seed, so any
/// changed logit changes the draws; stricter than greedy) with every layer
/// and lm_head computed by the RTL (Verilator, over the `sim:` transport) produces the CPU's text.
/// </summary>
[TestClass]
[TestCategory(RtlSimProcess.Category)]
public sealed class RtlOffloadedGenerationTests
{
    [TestMethod]
    public void Generate_AllLayersAndHeadOnTheRtl_ProducesTheCpuText()
    {
        using HgrnBitModel model = RandomModel.Create(OffloadedGenerationTests.Shape, seed: 11);
        (string cpu, _) = OffloadedGenerationTests.Generate(model, null);
        using RtlSimProcess sim = RtlSimProcess.Start();
        using FpgaProjectionOffload offload = FpgaProjectionOffload.Connect(BridgeAddress.Parse(sim.Address), OffloadSpec.Parse("layers=all,head"),
            new BridgeClientOptions { ResponseTimeoutMilliseconds = 10_000, MaxRetries = 1 });

        (string offloaded, List<string> notices) = OffloadedGenerationTests.Generate(model, offload);

        Assert.AreEqual(cpu, offloaded);
        Assert.IsEmpty(notices);
        Assert.AreEqual(4 * 6 + 1, offload.ResidentMatrices);
        DeviceCounters counters = offload.Client.ReadCounters();
        // Every resident matrix ran at least once per fed-back token: the RTL did the work.
        Assert.IsGreaterThanOrEqualTo(25L * (OffloadedGenerationTests.Tokens - 1), counters.Runs);
        Assert.AreEqual(0, counters.CrcErrors);
        Assert.AreEqual(0, offload.Client.Statistics.Retries, $"{offload.Client.Statistics}");
    }
}

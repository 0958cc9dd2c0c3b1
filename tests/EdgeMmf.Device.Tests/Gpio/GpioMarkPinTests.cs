using System.Device.Gpio;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Gpio;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Gpio;

[TestClass]
public sealed class GpioMarkPinTests
{
    private const int Line = 17;

    private static PinValue[] Levels(SimulatedGpioDriver chip) => chip.Writes.Where(w => w.Line == Line).Select(w => w.Value).ToArray();

    [TestMethod]
    public void Generation_EveryToken_HighForPrefillToggledPerTokenLowAtEnd()
    {
        var chip = new SimulatedGpioDriver();
        using var pin = new GpioMarkPin(new GpioController(chip), Line, tokensPerToggle: 1, ownsController: true);

        pin.OnPrefillStart(1, promptTokens: 8);
        pin.OnFirstToken(2);
        for (int i = 0; i < 4; i++) pin.OnToken(3 + i, i);
        pin.OnEnd(9, 4);

        PinValue[] expected = [PinValue.Low /* opened */, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low];
        CollectionAssert.AreEqual(expected, Levels(chip));
    }

    [TestMethod]
    public void Generation_EveryFourTokens_TogglesAfterTheFourthAndEighth()
    {
        var chip = new SimulatedGpioDriver();
        using var pin = new GpioMarkPin(new GpioController(chip), Line, tokensPerToggle: 4, ownsController: true);

        pin.OnPrefillStart(1, 8);
        for (int i = 0; i < 10; i++) pin.OnToken(2 + i, i);
        pin.OnEnd(20, 10);

        CollectionAssert.AreEqual(new[] { PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low }, Levels(chip));
    }

    [TestMethod]
    public void OnToken_TenThousandTokens_AllocatesNothing()
    {
        var chip = new SimulatedGpioDriver();
        chip.Reserve(30_000);
        using var pin = new GpioMarkPin(new GpioController(chip), Line, tokensPerToggle: 1, ownsController: true);
        pin.OnPrefillStart(1, 8);
        for (int i = 0; i < 100; i++) pin.OnToken(i, i); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) pin.OnToken(i, i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(0L, allocated);
        Assert.AreEqual(1 + 1 + 10_100, chip.Writes.Count);
    }

    [TestMethod]
    public void Dispose_MidGeneration_LeavesThePinLowAndClosed()
    {
        var chip = new SimulatedGpioDriver();
        var controller = new GpioController(chip);
        var pin = new GpioMarkPin(controller, Line, 1, ownsController: false);
        pin.OnPrefillStart(1, 8);

        pin.Dispose();

        Assert.AreEqual(PinValue.Low, chip.Level(Line));
        Assert.IsFalse(controller.IsPinOpen(Line));
    }

    [TestMethod]
    [DataRow("gpiochip0:17", 0, 17)]
    [DataRow("4:23", 4, 23)]
    [DataRow("/dev/gpiochip1:5", 1, 5)]
    public void Parse_ChipAndLine_AcceptsTheCommonSpellings(string text, int chipNumber, int line)
    {
        Assert.AreEqual(new GpioLineAddress(chipNumber, line), GpioLineAddress.Parse(text, "--mark-gpio"));
    }

    [TestMethod]
    public void Parse_LineWithoutChip_SaysHowToWriteIt()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => GpioLineAddress.Parse("17", "--mark-gpio"));
        StringAssert.Contains(e.Message, "CHIP:LINE");
        StringAssert.Contains(e.Message, "gpioinfo");
    }

    [TestMethod]
    public void CampaignRunner_WithTriggerPin_MarksEveryMeasuredRunButNoWarmup()
    {
        using var output = new TemporaryDirectory();
        var chip = new SimulatedGpioDriver();
        using var pin = new GpioMarkPin(new GpioController(chip), Line, tokensPerToggle: 1, ownsController: true);
        var plan = new CampaignPlan
        {
            Name = "trigger",
            Models = ["random:tiny"],
            PromptTokens = [4],
            GenerateTokens = 3,
            WarmupRuns = 1,
            Repetitions = 2,
            IdleSeconds = 0,
            SampleIntervalMilliseconds = 2,
            MarkGpio = "gpiochip0:17",
        };

        new CampaignRunner(plan, output.Path, [], [], new SyntheticWorkload(), new StringWriter(), pin).Run(CancellationToken.None);

        // Per measured run: high, three toggles, low.
        PinValue[] run = [PinValue.High, PinValue.Low, PinValue.High, PinValue.Low, PinValue.Low];
        CollectionAssert.AreEqual(new[] { PinValue.Low }.Concat(run).Concat(run).ToArray(), Levels(chip));
    }

    [TestMethod]
    public void CampaignPlan_MarkGpioNotChipColonLine_IsRefusedNamingTheField()
    {
        var e = Assert.ThrowsExactly<CampaignPlanException>(() => CampaignPlan.Parse("{\"models\": [\"m\"], \"markGpio\": \"pin17\"}", "p.json"));
        StringAssert.Contains(e.Message, "markGpio");
        StringAssert.Contains(e.Message, "p.json");
    }

    [TestMethod]
    public void CampaignPlan_WithoutMarkGpio_KeepsPlanJsonAsBefore()
    {
        string json = CampaignPlan.Parse("{\"models\": [\"m\"]}", "p.json").ToJson();
        Assert.DoesNotContain("markGpio", json, "campaign folders from before these fields must still resume");
    }
}

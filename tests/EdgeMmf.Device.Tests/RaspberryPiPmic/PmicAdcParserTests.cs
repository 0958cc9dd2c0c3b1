using EdgeMmf.Device.RaspberryPiPmic;

namespace EdgeMmf.Device.Tests.RaspberryPiPmic;

[TestClass]
public sealed class PmicAdcParserTests
{
    [TestMethod]
    public void Parse_Pi5Output_PairsCurrentAndVoltageByRailName()
    {
        List<PmicAdcParser.PmicRail> rails = PmicAdcParser.Parse(PmicOutputSamples.Pi5);

        CollectionAssert.AreEqual(PmicOutputSamples.Pi5Rails.Select(r => r.Rail).ToArray(), rails.Select(r => r.Name).ToArray());
        for (int i = 0; i < rails.Count; i++)
        {
            Assert.AreEqual(PmicOutputSamples.Pi5Rails[i].Amps, rails[i].Amps, 1e-12);
            Assert.AreEqual(PmicOutputSamples.Pi5Rails[i].Volts, rails[i].Volts, 1e-12);
        }
    }

    [TestMethod]
    public void Parse_Pi5Output_LeavesOutVoltagesWithoutCurrent()
    {
        List<PmicAdcParser.PmicRail> rails = PmicAdcParser.Parse(PmicOutputSamples.Pi5);

        Assert.IsFalse(rails.Exists(r => r.Name is "EXT5V" or "BATT"));
    }

    [TestMethod]
    public void Milliwatts_IsAmpsTimesVoltsTimesThousand()
    {
        var rail = new PmicAdcParser.PmicRail("VDD_CORE", 2.5, 0.8);

        Assert.AreEqual(2000.0, rail.Milliwatts, 1e-9);
    }

    [TestMethod]
    public void Parse_CommandNotRegistered_GivesNoRails()
    {
        Assert.IsEmpty(PmicAdcParser.Parse(PmicOutputSamples.NotRegistered));
    }

    [TestMethod]
    public void Parse_CurrentWithoutVoltage_IsLeftOut()
    {
        List<PmicAdcParser.PmicRail> rails = PmicAdcParser.Parse("  ONLY_A current(3)=1.00000000A\n  VDD_CORE_A current(7)=1.0A\n  VDD_CORE_V volt(15)=0.9V\n");

        Assert.HasCount(1, rails);
        Assert.AreEqual("VDD_CORE", rails[0].Name);
    }
}

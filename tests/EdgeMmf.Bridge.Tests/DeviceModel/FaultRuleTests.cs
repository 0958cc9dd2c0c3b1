using EdgeMmf.Bridge.DeviceModel;

namespace EdgeMmf.Bridge.Tests.DeviceModel;

[TestClass]
public sealed class FaultRuleTests
{
    [TestMethod]
    [DataRow("drop@3", FaultKind.Drop, 3L, 1)]
    [DataRow("crc@10x4", FaultKind.Crc, 10L, 4)]
    [DataRow("STALL@1", FaultKind.Stall, 1L, 1)]
    [DataRow("disconnect@7", FaultKind.Disconnect, 7L, 1)]
    public void Parse_FrameForms_ReadKindFrameAndCount(string text, FaultKind kind, long frame, int count)
    {
        Assert.AreEqual(FaultRule.AtFrame(kind, frame, count), FaultRule.Parse(text));
    }

    [TestMethod]
    public void Parse_ProbabilityForm_ReadsProbability()
    {
        Assert.AreEqual(FaultRule.WithProbability(FaultKind.Crc, 0.25), FaultRule.Parse("crc~0.25"));
    }

    [TestMethod]
    [DataRow("crc", "expected KIND@FRAME")]
    [DataRow("flip@3", "unknown fault kind 'flip'")]
    [DataRow("crc@0", "frames the device sends count from 1")]
    [DataRow("crc@x", "is not a frame number")]
    [DataRow("crc@3x0", "is not a positive repeat count")]
    [DataRow("drop~1.5", "is not a probability")]
    public void Parse_Malformed_ThrowsNamingTheProblem(string text, string expected)
    {
        var error = Assert.ThrowsExactly<FormatException>(() => FaultRule.Parse(text));
        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, text);
    }

    [TestMethod]
    public void ForFrame_FrameRuleWithCount_HitsExactlyThoseFrames()
    {
        var injector = new FaultInjector();
        injector.Add(FaultRule.AtFrame(FaultKind.Crc, 3, 2));
        var hits = Enumerable.Range(1, 6).Select(f => injector.ForFrame(f)).ToArray();
        CollectionAssert.AreEqual(new FaultKind?[] { null, null, FaultKind.Crc, FaultKind.Crc, null, null }, hits);
    }

    [TestMethod]
    public void ForFrame_ProbabilityRule_IsReproducibleForOneSeedAndNearItsRate()
    {
        FaultKind?[] Run(int seed)
        {
            var injector = new FaultInjector(seed);
            injector.Add(FaultRule.WithProbability(FaultKind.Drop, 0.1));
            return Enumerable.Range(1, 2000).Select(f => injector.ForFrame(f)).ToArray();
        }
        FaultKind?[] first = Run(11);
        CollectionAssert.AreEqual(first, Run(11));
        int hits = first.Count(h => h is not null);
        Assert.IsTrue(hits is > 140 and < 260, $"{hits} hits of 2000 at p = 0.1");
    }
}

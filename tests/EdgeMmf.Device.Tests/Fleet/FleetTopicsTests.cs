using EdgeMmf.Device.Fleet;

namespace EdgeMmf.Device.Tests.Fleet;

[TestClass]
public sealed class FleetTopicsTests
{
    [TestMethod]
    public void Topics_LiveUnderTheCampaignPrefix_WithTheAgentNameAsItsOwnLevel()
    {
        var topics = new FleetTopics("smoke");

        Assert.AreEqual("edgemmf/smoke/agents/pi5/results", topics.Results("pi5"));
        Assert.AreEqual("edgemmf/smoke/runs/pi5", topics.Runs("pi5"));
        Assert.AreEqual(("pi5", "samples"), topics.ParseAgentTopic("edgemmf/smoke/agents/pi5/samples"));
    }

    [TestMethod]
    [DataRow("edgemmf/other/agents/pi5/results")]
    [DataRow("edgemmf/smoke/agents/pi5/results/extra")]
    [DataRow("edgemmf/smoke/agents/pi5/shell")]
    [DataRow("edgemmf/smoke/agents/../results")]
    public void ParseAgentTopic_ForeignOrUnknownTopics_AreNotAgentTopics(string topic)
    {
        Assert.IsNull(new FleetTopics("smoke").ParseAgentTopic(topic));
    }

    [TestMethod]
    [DataRow("+")]
    [DataRow("#")]
    [DataRow("a/b")]
    [DataRow("")]
    [DataRow("..")]
    [DataRow("name\n")]
    public void IsValidName_WildcardsSeparatorsAndControlCharacters_AreRefused(string name)
    {
        Assert.IsFalse(FleetTopics.IsValidName(name));
        Assert.ThrowsExactly<FleetMessageException>(() => new FleetTopics("smoke").Runs(name));
    }
}

using System.Text;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Fleet;
using EdgeMmf.Device.Tests.Campaigns;

namespace EdgeMmf.Device.Tests.Fleet;

[TestClass]
public sealed class FleetMessageReaderTests
{
    private const string Topic = "edgemmf/smoke/runs/pi5";

    private static CampaignPlan SmokePlan() => CampaignPlan.Load(CampaignPlanTests.RepositoryFile("device/plans/smoke.json"));

    private static string AssignmentJson(string planJson, string runIds) =>
        $$"""{"campaign":"smoke","plan":{{planJson}},"runIds":[{{runIds}}]}""";

    private static string CompactPlanJson() => SmokePlan().ToJson();

    [TestMethod]
    public void ReadAssignment_MeasuredRunsOfItsPlan_IsAccepted()
    {
        byte[] payload = Encoding.UTF8.GetBytes(AssignmentJson(CompactPlanJson(), "\"random-tiny_cpu_t1_p8_r1\",\"random-tiny_cpu_t2_p32_r3\""));

        RunAssignment assignment = FleetMessageReader.ReadAssignment(payload, Topic);

        CollectionAssert.AreEqual(new[] { "random-tiny_cpu_t1_p8_r1", "random-tiny_cpu_t2_p32_r3" }, assignment.RunIds);
        Assert.AreEqual("smoke", assignment.Plan.Name);
    }

    [TestMethod]
    public void MeasuredRuns_SmokePlan_ListsRepetitionsOnlyAndMatchesTheMatrix()
    {
        ICollection<string> ids = MeasuredRuns.Of(SmokePlan()).Keys;

        Assert.HasCount(2 * 2 * 3, ids);
        Assert.IsFalse(ids.Any(id => id.EndsWith("_w1", StringComparison.Ordinal)), "warm-ups are not assignable");
    }

    [TestMethod]
    [DataRow("\"random-tiny_cpu_t8_p8_r1\"", "not a measured run")]
    [DataRow("\"random-tiny_cpu_t1_p8_w1\"", "not a measured run")]
    [DataRow("\"; rm -rf /\"", "not a measured run")]
    [DataRow("\"random-tiny_cpu_t1_p8_r1\",\"random-tiny_cpu_t1_p8_r1\"", "listed twice")]
    [DataRow("", "\"runIds\" must list")]
    public void ReadAssignment_RunsOutsideThePlan_AreDropped(string runIds, string reason)
    {
        byte[] payload = Encoding.UTF8.GetBytes(AssignmentJson(CompactPlanJson(), runIds));

        var error = Assert.ThrowsExactly<FleetMessageException>(() => FleetMessageReader.ReadAssignment(payload, Topic));

        StringAssert.Contains(error.Message, reason);
        StringAssert.Contains(error.Message, Topic);
    }

    [TestMethod]
    public void ReadAssignment_InvalidEmbeddedPlan_IsDroppedWithThePlanFilesMessage()
    {
        string plan = CompactPlanJson().Replace("\"repetitions\": 3", "\"repetitions\": 0", StringComparison.Ordinal);
        byte[] payload = Encoding.UTF8.GetBytes(AssignmentJson(plan, "\"random-tiny_cpu_t1_p8_r1\""));

        var error = Assert.ThrowsExactly<FleetMessageException>(() => FleetMessageReader.ReadAssignment(payload, Topic));

        StringAssert.Contains(error.Message, "repetitions");
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("not json", "not a valid RunAssignment")]
    [DataRow("null", "null")]
    [DataRow("{\"campaign\":\"smoke\",\"command\":\"/bin/sh\"}", "not a valid RunAssignment")]
    [DataRow("{\"campaign\":\"../x\",\"runIds\":[\"a\"]}", "\"campaign\"")]
    public void ReadAssignment_MalformedOrHostile_IsDropped(string json, string reason)
    {
        var error = Assert.ThrowsExactly<FleetMessageException>(() => FleetMessageReader.ReadAssignment(Encoding.UTF8.GetBytes(json), Topic));

        StringAssert.Contains(error.Message, reason);
    }

    [TestMethod]
    public void ReadAssignment_OversizedPayload_IsDroppedBeforeParsing()
    {
        byte[] payload = new byte[FleetMessageReader.MaxPayloadBytes + 1];
        payload.AsSpan().Fill((byte)'[');

        var error = Assert.ThrowsExactly<FleetMessageException>(() => FleetMessageReader.ReadAssignment(payload, Topic));

        StringAssert.Contains(error.Message, "over the");
    }

    [TestMethod]
    public void ReadSamplesChunk_IndexOutsideCount_IsDropped()
    {
        byte[] payload = Encoding.UTF8.GetBytes("{\"runId\":\"r\",\"index\":3,\"count\":3,\"csv\":\"t,w\\n\"}");

        Assert.ThrowsExactly<FleetMessageException>(() => FleetMessageReader.ReadSamplesChunk(payload, "edgemmf/smoke/agents/pi5/samples"));
    }

    [TestMethod]
    public void ReadAnnouncement_RoundTripsAndRefusesWildcardNames()
    {
        byte[] good = Encoding.UTF8.GetBytes("{\"name\":\"pi5-a\",\"boardModel\":\"Raspberry Pi 5\",\"cores\":4,\"kernelPath\":\"avx2\",\"sensors\":[\"pmic\"],\"edgeMmfVersion\":\"1.0\",\"online\":true}");
        byte[] bad = Encoding.UTF8.GetBytes("{\"name\":\"pi5/#\"}");

        Assert.AreEqual(4, FleetMessageReader.ReadAnnouncement(good, "t").Cores);
        Assert.ThrowsExactly<FleetMessageException>(() => FleetMessageReader.ReadAnnouncement(bad, "t"));
    }
}

using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// The coordinator's request to one agent, on <c>runs/&lt;name&gt;</c>: the plan (validated as a plan file is)
/// and the ids of the measured runs of its matrix the agent should run. Nothing else can be asked of an agent.
/// </summary>
public sealed class RunAssignment
{
    public string Campaign { get; set; } = "";
    public CampaignPlan Plan { get; set; } = new();
    public List<string> RunIds { get; set; } = [];
}

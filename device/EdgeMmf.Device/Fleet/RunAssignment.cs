using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// The coordinator's request to one agent, on <c>runs/&lt;name&gt;</c>: the plan (validated as a plan file is)
/// and the ids of the measured runs of its matrix the agent should run. Nothing else can be asked of an agent.
/// </summary>
public sealed class RunAssignment
{
    /// <summary>The campaign's name (its topic level).</summary>
    public string Campaign { get; set; } = "";
    /// <summary>The plan.</summary>
    public CampaignPlan Plan { get; set; } = new();
    /// <summary>The measured runs to run.</summary>
    public List<string> RunIds { get; set; } = [];
}

namespace EdgeMmf.Device.Fleet;

/// <summary>What an agent says about itself, retained on <c>edgemmf/agents/&lt;name&gt;</c> (<see cref="FleetTopics.Announcement"/>).</summary>
public sealed class AgentAnnouncement
{
    public string Name { get; set; } = "";
    public string BoardModel { get; set; } = "";
    public int Cores { get; set; }
    public string KernelPath { get; set; } = "";
    public List<string> Sensors { get; set; } = [];
    public string EdgeMmfVersion { get; set; } = "";
    /// <summary>False in the last-will message: the agent has gone.</summary>
    public bool Online { get; set; } = true;
}

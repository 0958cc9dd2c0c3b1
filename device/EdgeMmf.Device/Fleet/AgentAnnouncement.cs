namespace EdgeMmf.Device.Fleet;

/// <summary>What an agent says about itself, retained on <c>edgemmf/agents/&lt;name&gt;</c> (<see cref="FleetTopics.Announcement"/>).</summary>
public sealed class AgentAnnouncement
{
    /// <summary>The agent's name, as its topics spell it.</summary>
    public string Name { get; set; } = "";
    /// <summary>The board's model, as Linux names it.</summary>
    public string BoardModel { get; set; } = "";
    /// <summary>Logical CPU cores.</summary>
    public int Cores { get; set; }
    /// <summary>The kernel path the runtime picks on this board.</summary>
    public string KernelPath { get; set; } = "";
    /// <summary>The power sensors found.</summary>
    public List<string> Sensors { get; set; } = [];
    /// <summary>The agent's EdgeMmf version.</summary>
    public string EdgeMmfVersion { get; set; } = "";
    /// <summary>False in the last-will message: the agent has gone.</summary>
    public bool Online { get; set; } = true;
}

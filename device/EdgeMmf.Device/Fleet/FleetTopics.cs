namespace EdgeMmf.Device.Fleet;

/// <summary>
/// The MQTT topics of one fleet campaign, all under <c>edgemmf/&lt;campaign&gt;/</c> so a broker ACL can grant
/// each agent publish rights under its own name only (<c>edgemmf/+/agents/%u/#</c>):
/// <c>agents/&lt;name&gt;/results</c>, <c>agents/&lt;name&gt;/samples</c> (agent to coordinator) and
/// <c>runs/&lt;name&gt;</c> (coordinator to agent). An agent serves any campaign, so its announcement lives outside
/// them, retained on <c>edgemmf/agents/&lt;name&gt;</c> (ACL: <c>edgemmf/agents/%u</c>).
/// </summary>
public sealed class FleetTopics
{
    /// <summary>The first level of every fleet topic.</summary>
    public const string Root = "edgemmf";

    /// <summary>The topics of <paramref name="campaign"/> (a valid topic level, else a <see cref="FleetMessageException"/>).</summary>
    public FleetTopics(string campaign)
    {
        if (!IsValidName(campaign))
        {
            throw new FleetMessageException($"Campaign name '{campaign}' cannot be a topic level: use 1-64 letters, digits, '-', '_' or '.'.");
        }
        Prefix = $"{Root}/{campaign}";
    }

    /// <c>edgemmf/&lt;campaign&gt;</c>.
    public string Prefix { get; }

    /// <summary>The agent's retained announcement, shared by every campaign.</summary>
    public static string Announcement(string agent) => $"{Root}/agents/{Checked(agent)}";

    /// <summary>What a coordinator subscribes to for the boards that are online.</summary>
    public const string AllAnnouncements = Root + "/agents/+";

    /// <summary>What an agent subscribes to: its runs in any campaign.</summary>
    public static string RunsOfAnyCampaign(string agent) => $"{Root}/+/runs/{Checked(agent)}";

    /// <summary>The campaign of <c>edgemmf/&lt;campaign&gt;/runs/&lt;agent&gt;</c>, or null when the topic is not that agent's runs topic.</summary>
    public static string? CampaignOfRuns(string topic, string agent)
    {
        string[] levels = topic.Split('/');
        return levels.Length == 4 && levels[0] == Root && IsValidName(levels[1]) && levels[2] == "runs" && levels[3] == agent ? levels[1] : null;
    }

    /// <summary>The agent of <c>edgemmf/agents/&lt;name&gt;</c>, or null.</summary>
    public static string? AgentOfAnnouncement(string topic)
    {
        string[] levels = topic.Split('/');
        return levels.Length == 3 && levels[0] == Root && levels[1] == "agents" && IsValidName(levels[2]) ? levels[2] : null;
    }

    /// <summary>Where <paramref name="agent"/> publishes its run results.</summary>
    public string Results(string agent) => $"{Prefix}/agents/{Checked(agent)}/results";

    /// <summary>Where <paramref name="agent"/> publishes its samples chunks.</summary>
    public string Samples(string agent) => $"{Prefix}/agents/{Checked(agent)}/samples";

    /// <summary>Where the coordinator publishes <paramref name="agent"/>'s assignment.</summary>
    public string Runs(string agent) => $"{Prefix}/runs/{Checked(agent)}";

    /// <summary>What the coordinator subscribes to: every agent's messages.</summary>
    public string AllAgents => $"{Prefix}/agents/+/+";

    /// <summary>
    /// Names are topic levels and ACL user names: no MQTT wildcards ('+', '#'), separators or control characters
    /// can reach a topic through them.
    /// </summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return false;
        }
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }
        return name is not ("." or "..");
    }

    /// <summary>The agent name in <c>edgemmf/&lt;campaign&gt;/agents/&lt;name&gt;/&lt;kind&gt;</c>, or null when the topic is not one of this campaign's agent topics.</summary>
    public (string Agent, string Kind)? ParseAgentTopic(string topic)
    {
        string head = Prefix + "/agents/";
        if (!topic.StartsWith(head, StringComparison.Ordinal))
        {
            return null;
        }
        string[] rest = topic[head.Length..].Split('/');
        if (rest.Length != 2 || !IsValidName(rest[0]) || rest[1] is not ("results" or "samples"))
        {
            return null;
        }
        return (rest[0], rest[1]);
    }

    private static string Checked(string agent) =>
        IsValidName(agent) ? agent : throw new FleetMessageException($"Agent name '{agent}' cannot be a topic level: use 1-64 letters, digits, '-', '_' or '.'.");
}

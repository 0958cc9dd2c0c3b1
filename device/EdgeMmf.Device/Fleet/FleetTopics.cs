namespace EdgeMmf.Device.Fleet;

/// <summary>
/// The MQTT topics of one fleet campaign, all under <c>edgemmf/&lt;campaign&gt;/</c> so a broker ACL can grant
/// each agent publish rights under its own name only (<c>edgemmf/+/agents/%u/#</c>):
/// <c>agents/&lt;name&gt;/announce</c> (retained), <c>agents/&lt;name&gt;/results</c>,
/// <c>agents/&lt;name&gt;/samples</c> (agent to coordinator) and <c>runs/&lt;name&gt;</c> (coordinator to agent).
/// </summary>
public sealed class FleetTopics
{
    public const string Root = "edgemmf";

    public FleetTopics(string campaign)
    {
        if (!IsValidName(campaign))
        {
            throw new FleetMessageException($"Campaign name '{campaign}' cannot be a topic level: use 1-64 letters, digits, '-', '_' or '.'.");
        }
        Prefix = $"{Root}/{campaign}";
    }

    public string Prefix { get; }

    public string Announce(string agent) => $"{Prefix}/agents/{Checked(agent)}/announce";

    public string Results(string agent) => $"{Prefix}/agents/{Checked(agent)}/results";

    public string Samples(string agent) => $"{Prefix}/agents/{Checked(agent)}/samples";

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
        if (rest.Length != 2 || !IsValidName(rest[0]) || rest[1] is not ("announce" or "results" or "samples"))
        {
            return null;
        }
        return (rest[0], rest[1]);
    }

    private static string Checked(string agent) =>
        IsValidName(agent) ? agent : throw new FleetMessageException($"Agent name '{agent}' cannot be a topic level: use 1-64 letters, digits, '-', '_' or '.'.");
}

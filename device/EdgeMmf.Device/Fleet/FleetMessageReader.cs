using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// Turns a payload from the broker into a checked message, or throws <see cref="FleetMessageException"/> naming the
/// topic and what is wrong. Anyone who can publish on a topic can send anything, so every message is bounded in size,
/// parsed strictly and validated; a run assignment must name runs of its own plan's matrix and nothing else.
/// </summary>
public static class FleetMessageReader
{
    /// <summary>The largest payload accepted: a plan is a few KiB, a samples chunk at most <see cref="MaxSamplesChunkCharacters"/>.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    /// <summary>The longest CSV text one samples chunk may carry.</summary>
    public const int MaxSamplesChunkCharacters = 64 * 1024;

    /// <summary>The most run ids one assignment may name.</summary>
    public const int MaxRunIdsPerAssignment = 4096;

    /// <summary>An agent's announcement, checked.</summary>
    public static AgentAnnouncement ReadAnnouncement(ReadOnlySpan<byte> payload, string topic)
    {
        AgentAnnouncement message = Deserialize(payload, topic, FleetJsonContext.Default.AgentAnnouncement);
        Require(FleetTopics.IsValidName(message.Name), topic, "\"name\" must be 1-64 letters, digits, '-', '_' or '.'");
        Require(message.Cores is >= 0 and <= 4096, topic, "\"cores\" must lie between 0 and 4096");
        return message;
    }

    /// <summary>A run assignment, checked against its own plan's matrix.</summary>
    public static RunAssignment ReadAssignment(ReadOnlySpan<byte> payload, string topic)
    {
        RunAssignment message = Deserialize(payload, topic, FleetJsonContext.Default.RunAssignment);
        Require(FleetTopics.IsValidName(message.Campaign), topic, "\"campaign\" must be 1-64 letters, digits, '-', '_' or '.'");
        Require(message.RunIds.Count is >= 1 and <= MaxRunIdsPerAssignment, topic, $"\"runIds\" must list 1 to {MaxRunIdsPerAssignment} runs");
        CampaignPlan plan;
        try
        {
            // The same checks as a plan file: the embedded plan goes through CampaignPlan.Parse.
            plan = CampaignPlan.Parse(message.Plan.ToJson(), topic);
        }
        catch (CampaignPlanException e)
        {
            throw new FleetMessageException(e.Message);
        }
        Dictionary<string, CampaignRun> measured = MeasuredRuns.Of(plan);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in message.RunIds)
        {
            Require(measured.ContainsKey(id), topic, $"run '{Printable(id)}' is not a measured run of the plan's matrix");
            Require(seen.Add(id), topic, $"run '{id}' is listed twice");
        }
        message.Plan = plan;
        return message;
    }

    /// <summary>A samples chunk, checked.</summary>
    public static RunSamplesChunk ReadSamplesChunk(ReadOnlySpan<byte> payload, string topic)
    {
        RunSamplesChunk message = Deserialize(payload, topic, FleetJsonContext.Default.RunSamplesChunk);
        Require(message.RunId.Length is >= 1 and <= 256, topic, "\"runId\" must be 1-256 characters");
        Require(message.Count is >= 1 and <= 100_000 && message.Index >= 0 && message.Index < message.Count, topic, "\"index\" must lie in 0..count-1 and \"count\" in 1..100000");
        Require(message.Csv.Length <= MaxSamplesChunkCharacters, topic, $"\"csv\" exceeds {MaxSamplesChunkCharacters} characters");
        return message;
    }

    /// <summary>A run's result, checked.</summary>
    public static RunResult ReadResult(ReadOnlySpan<byte> payload, string topic)
    {
        RunResult message = Deserialize(payload, topic, FleetJsonContext.Default.RunResult);
        Require(message.Id.Length is >= 1 and <= 256, topic, "\"id\" must be 1-256 characters");
        Require(message.GeneratedTokens >= 0 && message.Threads >= 1 && message.PromptTokens >= 1, topic, "token and thread counts must be positive");
        return message;
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> payload, string topic, JsonTypeInfo<T> type)
        where T : class
    {
        Require(payload.Length <= MaxPayloadBytes, topic, $"the message is {payload.Length} bytes, over the {MaxPayloadBytes}-byte limit");
        Require(!payload.IsEmpty, topic, "the message is empty");
        try
        {
            return JsonSerializer.Deserialize(payload, type) ?? throw new FleetMessageException($"Fleet message on '{topic}' is JSON null.");
        }
        catch (JsonException e)
        {
            throw new FleetMessageException($"Fleet message on '{topic}' is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    private static void Require(bool condition, string topic, string what)
    {
        if (!condition)
        {
            throw new FleetMessageException($"Fleet message on '{topic}' dropped: {what}.");
        }
    }

    private static string Printable(string text) => text.Length <= 80 ? text : text[..80] + "...";
}

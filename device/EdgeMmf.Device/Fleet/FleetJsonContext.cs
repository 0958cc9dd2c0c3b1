using System.Text.Json.Serialization;
using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>Source-generated JSON for fleet messages: strict like a plan file (unknown fields refused, no comments on the wire).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(AgentAnnouncement))]
[JsonSerializable(typeof(RunAssignment))]
[JsonSerializable(typeof(RunSamplesChunk))]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;

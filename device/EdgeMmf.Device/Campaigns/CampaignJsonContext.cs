using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMmf.Device.Campaigns;

/// <summary>Source-generated JSON for plans, run results and summaries (no reflection: AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CampaignPlan))]
[JsonSerializable(typeof(RunResult))]
[JsonSerializable(typeof(CampaignSummary))]
internal sealed partial class CampaignJsonContext : JsonSerializerContext;

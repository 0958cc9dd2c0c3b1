using System.Text.Json.Serialization;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>Source-generated JSON for <see cref="BenchRecord"/> (no reflection: AOT-safe), indented, nulls left out.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchRecord))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;

using EdgeMmf.Runtime.Checkpoints;

namespace EdgeMmf.Runtime.Model;

/// <summary>How <see cref="ModelFiles"/> opens a model: the config policy, where converted copies live, and who hears about it.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>The defaults: lenient config, the default cache, no notices.</summary>
    public static readonly ModelLoadOptions Default = new();

    /// <summary>Unknown config.json fields: warned about (default) or refused.</summary>
    public HfConfigPolicy Config { get; init; } = HfConfigPolicy.Lenient;

    /// <summary>The folder for converted copies of checkpoint directories; null means <see cref="Gguf.GgufModelCache.DefaultRoot"/>.</summary>
    public string? CacheRoot { get; init; }

    /// <summary>Receives one-line notices (a conversion and where it went, a cache that cannot be written).</summary>
    public Action<string>? Notice { get; init; }
}

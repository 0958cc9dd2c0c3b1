namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// What <see cref="HfConfigReader"/> does with a config.json field that is neither an HGRN-Bit field nor one of
/// <see cref="PretrainedConfigFields"/>: by default it is named in one warning and loading goes on; with
/// <see cref="Strict"/> (<c>--strict-config</c>) it is refused, as EdgeMmf cannot tell whether it changes the math.
/// </summary>
public sealed record HfConfigPolicy
{
    /// <summary>The default policy: unknown fields are warned about, not refused, and the warnings dropped.</summary>
    public static readonly HfConfigPolicy Lenient = new();

    /// <summary>Refuse unknown fields instead of warning about them.</summary>
    public bool Strict { get; init; }

    /// <summary>Receives each warning line (without a prefix); null drops them.</summary>
    public Action<string>? Warn { get; init; }
}

namespace EdgeMmf.Device.Campaigns;

/// <summary>One configuration's repetitions, summarised.</summary>
public sealed class ConfigurationSummary
{
    /// <summary>Model, backend, threads and prompt length, as one key.</summary>
    public string ConfigurationKey { get; set; } = "";
    /// <summary>The model.</summary>
    public string Model { get; set; } = "";
    /// <summary>The backend.</summary>
    public string Backend { get; set; } = "";
    /// <summary>The thread count.</summary>
    public int Threads { get; set; }
    /// <summary>The prompt length in tokens.</summary>
    public int PromptTokens { get; set; }
    /// <summary>Measured runs summarised.</summary>
    public int Runs { get; set; }
    /// <see cref="RunResult.JoulesPerToken"/> over the runs.
    public Spread JoulesPerToken { get; set; } = new();
    /// <see cref="RunResult.JoulesPerTokenAboveIdle"/> over the runs.
    public Spread JoulesPerTokenAboveIdle { get; set; } = new();
    /// <see cref="RunResult.DecodeJoulesPerToken"/> over the runs.
    public Spread DecodeJoulesPerToken { get; set; } = new();
    /// <see cref="RunResult.AverageWatts"/> over the runs.
    public Spread AverageWatts { get; set; } = new();
    /// <see cref="RunResult.IdleWatts"/> over the runs.
    public Spread IdleWatts { get; set; } = new();
    /// <see cref="RunResult.PrefillTokensPerSecond"/> over the runs.
    public Spread PrefillTokensPerSecond { get; set; } = new();
    /// <see cref="RunResult.DecodeTokensPerSecond"/> over the runs.
    public Spread DecodeTokensPerSecond { get; set; } = new();
    /// <summary>Power readings left out of the energy as implausible, over all runs.</summary>
    public int RejectedPowerSamples { get; set; }

    /// <summary>The summary of one configuration's <paramref name="runs"/> (at least one).</summary>
    public static ConfigurationSummary Of(IReadOnlyList<RunResult> runs)
    {
        RunResult first = runs[0];
        return new ConfigurationSummary
        {
            ConfigurationKey = first.ConfigurationKey,
            Model = first.Model,
            Backend = first.Backend,
            Threads = first.Threads,
            PromptTokens = first.PromptTokens,
            Runs = runs.Count,
            JoulesPerToken = Spread.Of(runs.Select(r => r.JoulesPerToken)),
            JoulesPerTokenAboveIdle = Spread.Of(runs.Select(r => r.JoulesPerTokenAboveIdle)),
            DecodeJoulesPerToken = Spread.Of(runs.Select(r => r.DecodeJoulesPerToken)),
            AverageWatts = Spread.Of(runs.Select(r => r.AverageWatts)),
            IdleWatts = Spread.Of(runs.Select(r => r.IdleWatts)),
            PrefillTokensPerSecond = Spread.Of(runs.Select(r => r.PrefillTokensPerSecond)),
            DecodeTokensPerSecond = Spread.Of(runs.Select(r => r.DecodeTokensPerSecond)),
            RejectedPowerSamples = runs.Sum(r => r.RejectedPowerSamples),
        };
    }
}

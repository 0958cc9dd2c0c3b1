namespace EdgeMmf.Device.Campaigns;

/// <summary>One configuration's repetitions, summarised.</summary>
public sealed class ConfigurationSummary
{
    public string ConfigurationKey { get; set; } = "";
    public string Model { get; set; } = "";
    public string Backend { get; set; } = "";
    public int Threads { get; set; }
    public int PromptTokens { get; set; }
    public int Runs { get; set; }
    public Spread JoulesPerToken { get; set; } = new();
    public Spread JoulesPerTokenAboveIdle { get; set; } = new();
    public Spread DecodeJoulesPerToken { get; set; } = new();
    public Spread AverageWatts { get; set; } = new();
    public Spread IdleWatts { get; set; } = new();
    public Spread PrefillTokensPerSecond { get; set; } = new();
    public Spread DecodeTokensPerSecond { get; set; } = new();
    /// <summary>Power readings left out of the energy as implausible, over all runs.</summary>
    public int RejectedPowerSamples { get; set; }

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

using EdgeMmf.Device.Energy;

namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// One measured run as <c>runs/&lt;id&gt;/result.json</c> keeps it. The file is written last, atomically:
/// its presence is the run's completion marker when a campaign resumes. Energy fields are null
/// without a power sensor.
/// </summary>
public sealed class RunResult
{
    public string Id { get; set; } = "";
    public string ConfigurationKey { get; set; } = "";
    public string Model { get; set; } = "";
    public string Backend { get; set; } = "";
    public int Threads { get; set; }
    public int PromptTokens { get; set; }
    public int Repetition { get; set; }
    public int GeneratedTokens { get; set; }
    public double PrefillSeconds { get; set; }
    public double DecodeSeconds { get; set; }
    public double? PrefillTokensPerSecond { get; set; }
    public double? DecodeTokensPerSecond { get; set; }
    public double? IdleWatts { get; set; }
    public double? AverageWatts { get; set; }
    public double? PrefillJoules { get; set; }
    public double? DecodeJoules { get; set; }
    public double? JoulesPerToken { get; set; }
    public double? JoulesPerTokenAboveIdle { get; set; }
    public double? DecodeJoulesPerToken { get; set; }
    /// <summary>False when a sensor did not cover the whole run.</summary>
    public bool EnergyComplete { get; set; }
    /// <summary>The channels summed into the energy figures.</summary>
    public List<string> CountedChannels { get; set; } = [];
    /// <summary>Average watts per channel over prefill and decode (null where the channel had no data).</summary>
    public Dictionary<string, double?> ChannelWatts { get; set; } = [];
    /// <summary>Power readings left out of the energy as implausible (negative, absurd or not finite).</summary>
    public int RejectedPowerSamples { get; set; }
    public string Workload { get; set; } = "";
    public DateTime CompletedUtc { get; set; }

    public static RunResult From(CampaignRun run, EnergyReport report, string workload)
    {
        var result = new RunResult
        {
            Id = run.Id,
            ConfigurationKey = run.ConfigurationKey,
            Model = run.Model,
            Backend = run.Backend,
            Threads = run.Threads,
            PromptTokens = run.PromptTokens,
            Repetition = run.Repetition,
            GeneratedTokens = report.GeneratedTokens,
            PrefillSeconds = report.Prefill.Seconds,
            DecodeSeconds = report.Decode.Seconds,
            PrefillTokensPerSecond = Finite(report.PrefillTokensPerSecond),
            DecodeTokensPerSecond = Finite(report.DecodeTokensPerSecond),
            EnergyComplete = report.HasEnergy && report.IsComplete,
            CountedChannels = [.. report.CountedChannels],
            RejectedPowerSamples = report.RejectedSamples,
            Workload = workload,
            CompletedUtc = DateTime.UtcNow,
        };
        if (report.HasEnergy)
        {
            result.IdleWatts = Finite(report.IdleMilliwatts / 1000.0);
            result.AverageWatts = Finite(report.AverageMilliwatts / 1000.0);
            result.PrefillJoules = Finite(report.Prefill.Microjoules / 1e6);
            result.DecodeJoules = Finite(report.Decode.Microjoules / 1e6);
            result.JoulesPerToken = Finite(report.JoulesPerToken);
            result.JoulesPerTokenAboveIdle = Finite(report.JoulesPerTokenAboveIdle);
            result.DecodeJoulesPerToken = Finite(report.DecodeJoulesPerToken);
        }
        foreach (ChannelAverage channel in report.Channels)
        {
            result.ChannelWatts[channel.Channel] = Finite(channel.AverageMilliwatts / 1000.0);
        }
        return result;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

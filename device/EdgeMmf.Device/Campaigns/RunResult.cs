using EdgeMmf.Device.Energy;

namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// One measured run as <c>runs/&lt;id&gt;/result.json</c> keeps it. The file is written last, atomically:
/// its presence is the run's completion marker when a campaign resumes. Energy fields are null
/// without a power sensor.
/// </summary>
public sealed class RunResult
{
    /// <summary>The run's id (its folder name under runs/).</summary>
    public string Id { get; set; } = "";
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
    /// <summary>Which repetition of the configuration this is (0 is the first).</summary>
    public int Repetition { get; set; }
    /// <summary>Tokens generated.</summary>
    public int GeneratedTokens { get; set; }
    /// <summary>Prefill start to first token, in seconds.</summary>
    public double PrefillSeconds { get; set; }
    /// <summary>First token to end, in seconds.</summary>
    public double DecodeSeconds { get; set; }
    /// <summary>Prompt tokens per second of prefill.</summary>
    public double? PrefillTokensPerSecond { get; set; }
    /// <summary>Decoded tokens per second (the first token belongs to prefill).</summary>
    public double? DecodeTokensPerSecond { get; set; }
    /// <summary>Power of the idle baseline.</summary>
    public double? IdleWatts { get; set; }
    /// <summary>Average power while generating (prefill and decode).</summary>
    public double? AverageWatts { get; set; }
    /// <summary>Energy of the prefill phase.</summary>
    public double? PrefillJoules { get; set; }
    /// <summary>Energy of the decode phase.</summary>
    public double? DecodeJoules { get; set; }
    /// <summary>All energy spent generating, per generated token (<see cref="EnergyReport.JoulesPerToken"/>).</summary>
    public double? JoulesPerToken { get; set; }
    /// <summary>As <see cref="JoulesPerToken"/>, less the idle draw over the same time.</summary>
    public double? JoulesPerTokenAboveIdle { get; set; }
    /// <summary>Decode energy per decoded token.</summary>
    public double? DecodeJoulesPerToken { get; set; }
    /// <summary>False when a sensor did not cover the whole run.</summary>
    public bool EnergyComplete { get; set; }
    /// <summary>The channels summed into the energy figures.</summary>
    public List<string> CountedChannels { get; set; } = [];
    /// <summary>Average watts per channel over prefill and decode (null where the channel had no data).</summary>
    public Dictionary<string, double?> ChannelWatts { get; set; } = [];
    /// <summary>Power readings left out of the energy as implausible (negative, absurd or not finite).</summary>
    public int RejectedPowerSamples { get; set; }
    /// <summary>What executed the run, for the record.</summary>
    public string Workload { get; set; } = "";
    /// <summary>When the run finished.</summary>
    public DateTime CompletedUtc { get; set; }

    /// <summary>The result of <paramref name="run"/> from its <paramref name="report"/>.</summary>
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

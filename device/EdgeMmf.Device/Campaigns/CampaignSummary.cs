using System.Globalization;
using System.Text;
using EdgeMmf.Device.Text;

namespace EdgeMmf.Device.Campaigns;

/// <summary>The campaign's <c>summary.json</c> / <c>summary.csv</c>: per configuration, medians and spread.</summary>
public sealed class CampaignSummary
{
    /// <summary>The plan's name.</summary>
    public string Plan { get; set; } = "";
    /// <summary>False while runs are missing (an interrupted campaign).</summary>
    public bool Complete { get; set; }
    /// <summary>Measured runs in the plan.</summary>
    public int RunsPlanned { get; set; }
    /// <summary>Measured runs with a result.</summary>
    public int RunsCompleted { get; set; }
    /// <summary>The sensor channels summed into energy, or empty: timings only.</summary>
    public List<string> CountedChannels { get; set; } = [];
    /// <summary>Why sensors are missing, and anything else the reader should know.</summary>
    public List<string> Notes { get; set; } = [];
    /// <summary>One summary per configuration.</summary>
    public List<ConfigurationSummary> Configurations { get; set; } = [];

    private static readonly string[] Metrics =
        ["joules_per_token", "joules_per_token_above_idle", "decode_joules_per_token", "average_watts", "idle_watts", "prefill_tokens_per_second", "decode_tokens_per_second"];

    /// <summary>One row per configuration; for each metric its median, p25, p75, min and max (empty where unmeasured).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append("configuration,model,backend,threads,prompt_tokens,runs");
        foreach (string metric in Metrics)
        {
            csv.Append(CultureInfo.InvariantCulture, $",{metric}_median,{metric}_p25,{metric}_p75,{metric}_min,{metric}_max");
        }
        csv.Append(",rejected_power_samples\n");
        foreach (ConfigurationSummary c in Configurations)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{CsvField.Escape(c.ConfigurationKey)},{CsvField.Escape(c.Model)},{CsvField.Escape(c.Backend)},{c.Threads},{c.PromptTokens},{c.Runs}");
            foreach (Spread spread in (Spread[])[c.JoulesPerToken, c.JoulesPerTokenAboveIdle, c.DecodeJoulesPerToken, c.AverageWatts, c.IdleWatts, c.PrefillTokensPerSecond, c.DecodeTokensPerSecond])
            {
                foreach (double? value in (double?[])[spread.Median, spread.P25, spread.P75, spread.Min, spread.Max])
                {
                    csv.Append(',');
                    if (value is double v)
                    {
                        csv.Append(v.ToString("G6", CultureInfo.InvariantCulture));
                    }
                }
            }
            csv.Append(CultureInfo.InvariantCulture, $",{c.RejectedPowerSamples}\n");
        }
        return csv.ToString();
    }
}

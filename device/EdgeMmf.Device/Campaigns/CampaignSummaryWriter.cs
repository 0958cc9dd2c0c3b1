using System.Text.Json;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Plots;

namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// A campaign's summary.json, summary.csv and plots/*.svg from its run results: what a local campaign writes at its end,
/// and what a fleet coordinator writes for each board from the results the board delivered.
/// </summary>
public static class CampaignSummaryWriter
{
    /// <summary>Writes the summary of <paramref name="results"/> into <paramref name="layout"/>'s folder.</summary>
    /// <param name="plan">The plan the results belong to.</param>
    /// <param name="layout">The output folder.</param>
    /// <param name="results">The completed runs' results.</param>
    /// <param name="planned">Measured runs in the plan (or the board's share of them).</param>
    /// <param name="notes">Sensor discovery notes and what happened during the runs, kept in summary.json.</param>
    /// <returns>The summary written, per configuration.</returns>
    public static CampaignSummary Write(CampaignPlan plan, CampaignOutputLayout layout, List<RunResult> results, int planned, IEnumerable<string> notes)
    {
        var summary = new CampaignSummary
        {
            Plan = plan.Name,
            RunsPlanned = planned,
            RunsCompleted = results.Count,
            Complete = results.Count == planned,
        };
        var counted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (RunResult result in results)
        {
            counted.UnionWith(result.CountedChannels);
        }
        summary.CountedChannels = [.. counted];
        if (counted.Count == 0)
        {
            summary.Notes.Add("No power sensor was sampled: energy figures are empty, timings are real.");
        }
        int rejected = results.Sum(r => r.RejectedPowerSamples);
        if (rejected > 0)
        {
            summary.Notes.Add($"{rejected} power reading(s) were negative, above {PowerReadingRange.MaxMilliwatts / 1e6:0} kW or not finite; they stay in samples.csv but are left out of every energy figure (rejected_power_samples per configuration).");
        }
        summary.Notes.AddRange(notes);
        foreach (IGrouping<string, RunResult> group in results.GroupBy(r => r.ConfigurationKey))
        {
            summary.Configurations.Add(ConfigurationSummary.Of([.. group.OrderBy(r => r.Repetition)]));
        }
        File.WriteAllText(layout.SummaryJsonPath, JsonSerializer.Serialize(summary, CampaignJsonContext.Default.CampaignSummary));
        File.WriteAllText(layout.SummaryCsvPath, summary.ToCsv());

        var energyRows = summary.Configurations.Select(c => (c.ConfigurationKey, new[] { c.JoulesPerToken, c.JoulesPerTokenAboveIdle })).ToList();
        File.WriteAllText(Path.Combine(layout.PlotsDirectory, "joules-per-token.svg"),
            SpreadChartSvg.Render($"{plan.Name}: energy per generated token", "J/token", ["total", "above idle"], energyRows));
        var speedRows = summary.Configurations.Select(c => (c.ConfigurationKey, new[] { c.DecodeTokensPerSecond })).ToList();
        File.WriteAllText(Path.Combine(layout.PlotsDirectory, "tokens-per-second.svg"),
            SpreadChartSvg.Render($"{plan.Name}: decode speed", "tokens/s", ["decode"], speedRows));
        return summary;
    }
}

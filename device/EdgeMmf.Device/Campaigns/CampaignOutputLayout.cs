namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// Where a campaign writes, under its <c>--out</c> folder:
/// <code>
/// plan.json                  the plan, to recognise the same campaign on resume
/// campaign.log               every message, appended
/// runs/&lt;id&gt;/samples.csv     raw power samples, appended as taken
/// runs/&lt;id&gt;/marks.csv       prefill start, first token, each token, end (same clock)
/// runs/&lt;id&gt;/power.svg       power over time with token marks
/// runs/&lt;id&gt;/result.json     the run's numbers; written last: the completion marker
/// summary.csv, summary.json  medians and spread per configuration
/// plots/*.svg                J/token and tokens/s per configuration
/// </code>
/// </summary>
public sealed class CampaignOutputLayout(string root)
{
    /// <summary>The --out folder, as a full path.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>plan.json.</summary>
    public string PlanPath => Path.Combine(Root, "plan.json");

    /// <summary>campaign.log.</summary>
    public string LogPath => Path.Combine(Root, "campaign.log");

    /// <summary>runs/, one folder per measured run.</summary>
    public string RunsDirectory => Path.Combine(Root, "runs");

    /// <summary>plots/.</summary>
    public string PlotsDirectory => Path.Combine(Root, "plots");

    /// <summary>summary.csv.</summary>
    public string SummaryCsvPath => Path.Combine(Root, "summary.csv");

    /// <summary>summary.json.</summary>
    public string SummaryJsonPath => Path.Combine(Root, "summary.json");

    /// <summary>runs/&lt;id&gt;/ of <paramref name="run"/>.</summary>
    public string RunDirectory(CampaignRun run) => Path.Combine(RunsDirectory, run.Id);

    /// <summary>The run's samples.csv.</summary>
    public string SamplesPath(CampaignRun run) => Path.Combine(RunDirectory(run), "samples.csv");

    /// <summary>The run's marks.csv.</summary>
    public string MarksPath(CampaignRun run) => Path.Combine(RunDirectory(run), "marks.csv");

    /// <summary>The run's power.svg.</summary>
    public string TimelinePath(CampaignRun run) => Path.Combine(RunDirectory(run), "power.svg");

    /// <summary>The run's result.json, its completion marker.</summary>
    public string ResultPath(CampaignRun run) => Path.Combine(RunDirectory(run), "result.json");
}

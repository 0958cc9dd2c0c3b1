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
    public string Root { get; } = Path.GetFullPath(root);

    public string PlanPath => Path.Combine(Root, "plan.json");

    public string LogPath => Path.Combine(Root, "campaign.log");

    public string RunsDirectory => Path.Combine(Root, "runs");

    public string PlotsDirectory => Path.Combine(Root, "plots");

    public string SummaryCsvPath => Path.Combine(Root, "summary.csv");

    public string SummaryJsonPath => Path.Combine(Root, "summary.json");

    public string RunDirectory(CampaignRun run) => Path.Combine(RunsDirectory, run.Id);

    public string SamplesPath(CampaignRun run) => Path.Combine(RunDirectory(run), "samples.csv");

    public string MarksPath(CampaignRun run) => Path.Combine(RunDirectory(run), "marks.csv");

    public string TimelinePath(CampaignRun run) => Path.Combine(RunDirectory(run), "power.svg");

    public string ResultPath(CampaignRun run) => Path.Combine(RunDirectory(run), "result.json");
}

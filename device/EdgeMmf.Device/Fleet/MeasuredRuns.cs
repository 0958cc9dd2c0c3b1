using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>The measured runs of a plan's matrix by id, in plan order: what a coordinator may assign (warm-ups are each agent's own).</summary>
public static class MeasuredRuns
{
    /// <summary>The measured runs of <paramref name="plan"/>, by id.</summary>
    public static Dictionary<string, CampaignRun> Of(CampaignPlan plan)
    {
        var runs = new Dictionary<string, CampaignRun>(StringComparer.Ordinal);
        foreach (List<CampaignRun> configuration in CampaignMatrix.Expand(plan))
        {
            foreach (CampaignRun run in configuration)
            {
                if (!run.IsWarmup)
                {
                    runs.Add(run.Id, run);
                }
            }
        }
        return runs;
    }
}

namespace EdgeMmf.Device.Campaigns;

/// <summary>Expands a plan into its runs, configuration by configuration: warm-ups first, then repetitions.</summary>
public static class CampaignMatrix
{
    /// <summary>The configurations in plan order (models, then backends, threads, prompt lengths), each with its runs.</summary>
    public static List<List<CampaignRun>> Expand(CampaignPlan plan)
    {
        var configurations = new List<List<CampaignRun>>();
        foreach (string model in plan.Models)
            foreach (string backend in plan.Backends)
                foreach (int threads in plan.Threads)
                    foreach (int prompt in plan.PromptTokens)
                    {
                        var runs = new List<CampaignRun>(plan.WarmupRuns + plan.Repetitions);
                        for (int w = 0; w < plan.WarmupRuns; w++)
                        {
                            runs.Add(new CampaignRun(model, backend, threads, prompt, plan.GenerateTokens, w, IsWarmup: true, plan.Seed));
                        }
                        for (int r = 0; r < plan.Repetitions; r++)
                        {
                            runs.Add(new CampaignRun(model, backend, threads, prompt, plan.GenerateTokens, r, IsWarmup: false, plan.Seed));
                        }
                        configurations.Add(runs);
                    }
        return configurations;
    }
}

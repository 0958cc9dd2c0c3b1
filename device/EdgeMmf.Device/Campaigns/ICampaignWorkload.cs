using EdgeMmf.Device.Energy;

namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// What a campaign measures: one generation per call. The CLI implements it with the runtime (a model
/// loaded once per configuration, a prompt of <see cref="CampaignRun.PromptTokens"/> tokens,
/// <see cref="CampaignRun.GenerateTokens"/> tokens generated on <see cref="CampaignRun.Threads"/> threads),
/// passing the run's marks observer to the generation as its observer. Tests implement it synthetically.
/// </summary>
public interface ICampaignWorkload
{
    /// <summary>Runs one generation, reporting prefill start, first token, every token and end to <paramref name="marks"/>.</summary>
    /// <exception cref="OperationCanceledException">The campaign was interrupted.</exception>
    WorkloadResult Run(CampaignRun run, IGenerationMarks marks, CancellationToken cancellationToken);
}

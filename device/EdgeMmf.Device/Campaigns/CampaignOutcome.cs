namespace EdgeMmf.Device.Campaigns;

/// <summary>What a call to <see cref="CampaignRunner.Run"/> did.</summary>
/// <param name="RunsPlanned">Measured runs in the plan (warm-ups not counted).</param>
/// <param name="RunsFoundDone">Measured runs completed by an earlier invocation and skipped.</param>
/// <param name="RunsCompleted">Measured runs completed by this invocation.</param>
/// <param name="Interrupted">True when cancelled before the end: run again with the same --out to resume.</param>
public sealed record CampaignOutcome(int RunsPlanned, int RunsFoundDone, int RunsCompleted, bool Interrupted);

using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// How an agent measures an assignment: a <see cref="CampaignRunner"/> over the plan, in <paramref name="outputDirectory"/>,
/// limited to <paramref name="runIds"/>, with the board's sensors and workload (the CLI discovers them as <c>campaign</c> does),
/// calling <paramref name="runMeasured"/> after each run it measures (<see cref="CampaignRunner.RunMeasured"/>).
/// </summary>
public delegate CampaignOutcome FleetCampaignRun(CampaignPlan plan, string outputDirectory, IReadOnlySet<string> runIds, Action<CampaignRun, RunResult> runMeasured, CancellationToken cancellationToken);

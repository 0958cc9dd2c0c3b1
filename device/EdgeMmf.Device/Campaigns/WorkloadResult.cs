namespace EdgeMmf.Device.Campaigns;

/// <summary>What a workload reports about its generation besides the marks.</summary>
/// <param name="Description">A line for the log, e.g. the kernel path picked or the text generated; may be empty.</param>
public sealed record WorkloadResult(string Description);

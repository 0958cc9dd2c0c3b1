using System.Diagnostics;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Energy;

namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// A stand-in for the model: "prefills" by spinning briefly per prompt token, then emits tokens a
/// millisecond apart, marking everything on the Stopwatch clock. Marks a sensor busy while it works,
/// and can cancel the campaign during its Nth measured run (to simulate Ctrl-C) or hold that run until a gate opens.
/// </summary>
internal sealed class SyntheticWorkload(SimulatedPowerSensor? sensor = null) : ICampaignWorkload
{
    public List<string> Calls { get; } = [];

    public CancellationTokenSource? CancelDuringMeasuredRun { get; set; }

    public int CancelOnMeasuredRun { get; set; } = -1;

    /// <summary>The Nth measured run waits here (after <see cref="Holding"/> is set) until the gate opens.</summary>
    public int HoldOnMeasuredRun { get; set; } = -1;

    public ManualResetEventSlim HoldGate { get; } = new();

    public ManualResetEventSlim Holding { get; } = new();

    private int _measuredRuns;

    public WorkloadResult Run(CampaignRun run, IGenerationMarks marks, CancellationToken cancellationToken)
    {
        Calls.Add(run.Id);
        if (!run.IsWarmup && ++_measuredRuns == CancelOnMeasuredRun)
        {
            CancelDuringMeasuredRun!.Cancel();
        }
        if (!run.IsWarmup && _measuredRuns == HoldOnMeasuredRun)
        {
            Holding.Set();
            HoldGate.Wait(cancellationToken);
        }
        if (sensor is not null)
        {
            sensor.Busy = true;
        }
        try
        {
            marks.OnPrefillStart(Stopwatch.GetTimestamp(), run.PromptTokens);
            Spin(TimeSpan.FromMilliseconds(0.1 * run.PromptTokens));
            marks.OnFirstToken(Stopwatch.GetTimestamp());
            for (int i = 0; i < run.GenerateTokens; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Spin(TimeSpan.FromMilliseconds(1.0 / run.Threads));
                marks.OnToken(Stopwatch.GetTimestamp(), i);
            }
            marks.OnEnd(Stopwatch.GetTimestamp(), run.GenerateTokens);
        }
        finally
        {
            if (sensor is not null)
            {
                sensor.Busy = false;
            }
        }
        return new WorkloadResult($"synthetic: {run.GenerateTokens} tokens");
    }

    private static void Spin(TimeSpan duration)
    {
        long until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }
}

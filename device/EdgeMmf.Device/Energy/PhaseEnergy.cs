namespace EdgeMmf.Device.Energy;

/// <summary>The energy of one phase of a run (idle baseline, prefill, decode), summed over the counted channels.</summary>
/// <param name="Phase">idle, prefill or decode.</param>
/// <param name="Start">Stopwatch timestamp.</param>
/// <param name="End">Stopwatch timestamp.</param>
/// <param name="Seconds">The phase's duration.</param>
/// <param name="Microjoules">Energy; NaN without a power sensor.</param>
/// <param name="Complete">False when a sensor did not cover the whole phase (vanished, or started late).</param>
public sealed record PhaseEnergy(string Phase, long Start, long End, double Seconds, double Microjoules, bool Complete)
{
    /// <summary>Average power over the phase; NaN without energy or duration.</summary>
    public double AverageMilliwatts => Seconds > 0 ? Microjoules / Seconds / 1000.0 : double.NaN;
}

using System.Diagnostics;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Energy;

/// <summary>
/// Measures one generation: starts the sampler, records an idle baseline, hands out the marks for the
/// workload, then stops and integrates. Used per run by campaigns and, once, by <c>edgemmf generate --power</c>:
/// <code>
/// using var measurement = PowerMeasurement.Start(sensors, TimeSpan.FromMilliseconds(20), "samples.csv", Console.Error.WriteLine);
/// measurement.MeasureIdle(TimeSpan.FromSeconds(2), ct);
/// generator.Generate(prompt, observer: adapterOf(measurement.Marks));
/// EnergyReport report = measurement.Finish();
/// Console.WriteLine(report.ToSummaryLine());
/// </code>
/// </summary>
public sealed class PowerMeasurement : IDisposable
{
    private readonly PowerSampler _sampler;
    private readonly PowerSampleCsvWriter? _writer;
    private long _idleStart;
    private long _idleEnd;
    private bool _finished;

    private PowerMeasurement(PowerSampler sampler, PowerSampleCsvWriter? writer, int expectedTokens)
    {
        _sampler = sampler;
        _writer = writer;
        Marks = new GenerationMarkRecorder(expectedTokens);
    }

    /// <summary>Pass these to the generation (through an IGenerationObserver adapter in the CLI).</summary>
    public GenerationMarkRecorder Marks { get; }

    /// <summary>The samples taken so far.</summary>
    public PowerTrace Trace => _sampler.Trace;

    /// <summary>Sensors that failed during the measurement and were no longer polled.</summary>
    public IReadOnlyList<IPowerSensor> LostSensors => _sampler.LostSensors;

    /// <param name="sensors">Sensors to sample; may be empty (the report then has timings only).</param>
    /// <param name="interval">Sampling interval.</param>
    /// <param name="csvPath">Where to append samples as they come; null to keep them in memory only.</param>
    /// <param name="report">Receives a message when a sensor fails mid-run.</param>
    /// <param name="expectedTokens">Token marks to make room for up front.</param>
    public static PowerMeasurement Start(IReadOnlyList<IPowerSensor> sensors, TimeSpan interval, string? csvPath, Action<string> report, int expectedTokens = 256)
    {
        var channels = new List<PowerChannel>();
        foreach (IPowerSensor sensor in sensors)
        {
            foreach (PowerRail rail in sensor.Rails)
            {
                channels.Add(new PowerChannel(sensor.Name, rail));
            }
        }
        PowerSampleCsvWriter? writer = csvPath is null ? null : new PowerSampleCsvWriter(csvPath, channels);
        var sampler = new PowerSampler(sensors, interval, writer, report);
        var measurement = new PowerMeasurement(sampler, writer, expectedTokens);
        measurement._idleStart = measurement._idleEnd = Stopwatch.GetTimestamp();
        sampler.Start();
        return measurement;
    }

    /// <summary>
    /// Waits doing nothing for <paramref name="duration"/>: the idle baseline. Call before the generation.
    /// Waits longer (up to a second) if the sampler has not yet taken two rows inside the window, so a
    /// starved sampler thread cannot leave the baseline without samples.
    /// </summary>
    public void MeasureIdle(TimeSpan duration, CancellationToken cancellationToken)
    {
        _idleStart = Stopwatch.GetTimestamp();
        int rowsAtStart = _sampler.RowsTaken;
        if (duration > TimeSpan.Zero)
        {
            cancellationToken.WaitHandle.WaitOne(duration);
            long giveUp = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            while (_sampler.RowsTaken - rowsAtStart < 2 && Stopwatch.GetTimestamp() < giveUp && !cancellationToken.IsCancellationRequested)
            {
                Thread.Sleep(1);
            }
        }
        _idleEnd = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops sampling (flushing the CSV) and integrates the phases the marks delimit.</summary>
    public EnergyReport Finish()
    {
        StopSampling();
        return EnergyReport.Build(_sampler.Trace, _idleStart, _idleEnd, Marks);
    }

    private void StopSampling()
    {
        if (!_finished)
        {
            _finished = true;
            _sampler.Stop();
            _writer?.Dispose();
        }
    }

    /// <summary>Stops sampling without a report (an interrupted run): every row taken is already on disk.</summary>
    public void Dispose()
    {
        StopSampling();
        _sampler.Dispose();
    }
}

using System.Diagnostics;

namespace EdgeMmf.Device.Sampling;

/// <summary>
/// Polls every sensor on a dedicated thread at a fixed interval and records each row on the
/// <see cref="Stopwatch"/> clock (the clock generation marks use), into a <see cref="PowerTrace"/>
/// and, when given, a <see cref="PowerSampleCsvWriter"/>. A row's timestamp is the midpoint of the
/// time its reads took. A sensor that throws is reported once and no longer polled; the others go on.
/// </summary>
public sealed class PowerSampler : IDisposable
{
    private readonly IReadOnlyList<IPowerSensor> _sensors;
    private readonly int[] _firstChannel;
    private readonly bool[] _lost;
    private readonly long _intervalTicks;
    private readonly PowerSampleCsvWriter? _writer;
    private readonly Action<string> _report;
    private readonly ManualResetEventSlim _stopRequested = new(false);
    private readonly double[] _scratch;
    private Thread? _thread;
    private Exception? _writerFailure;
    private int _rowsTaken;

    /// <param name="sensors">The sensors to poll (may be empty: the trace then holds timestamps only).</param>
    /// <param name="interval">Time between rows, e.g. 10 ms to 1 s.</param>
    /// <param name="writer">Where rows are appended as they are taken; null to keep them in memory only.</param>
    /// <param name="report">Receives one message per sensor that fails.</param>
    public PowerSampler(IReadOnlyList<IPowerSensor> sensors, TimeSpan interval, PowerSampleCsvWriter? writer, Action<string> report)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The sampling interval must be positive.");
        }
        _sensors = sensors;
        _intervalTicks = Math.Max(1, (long)(interval.TotalSeconds * Stopwatch.Frequency));
        _writer = writer;
        _report = report;
        _firstChannel = new int[sensors.Count];
        _lost = new bool[sensors.Count];
        var channels = new List<PowerChannel>();
        for (int s = 0; s < sensors.Count; s++)
        {
            _firstChannel[s] = channels.Count;
            foreach (PowerRail rail in sensors[s].Rails)
            {
                channels.Add(new PowerChannel(sensors[s].Name, rail));
            }
        }
        Channels = channels;
        Trace = new PowerTrace(channels);
        _scratch = new double[channels.Count];
    }

    /// <summary>One channel per rail of every sensor, in sensor order.</summary>
    public IReadOnlyList<PowerChannel> Channels { get; }

    /// <summary>The rows taken.</summary>
    public PowerTrace Trace { get; }

    /// <summary>Rows taken so far; safe to read from any thread while sampling.</summary>
    public int RowsTaken => Volatile.Read(ref _rowsTaken);

    /// <summary>The sensors that failed during this recording (to leave out of the next one).</summary>
    public IReadOnlyList<IPowerSensor> LostSensors
    {
        get
        {
            var lost = new List<IPowerSensor>();
            for (int s = 0; s < _sensors.Count; s++)
            {
                if (_lost[s])
                {
                    lost.Add(_sensors[s]);
                }
            }
            return lost;
        }
    }

    /// <summary>Takes the first row now, then one row per interval until <see cref="Stop"/>.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The sampler has already been started.");
        }
        SampleOnce();
        _thread = new Thread(Loop) { IsBackground = true, Name = "EdgeMmf power sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Stops the thread after one last row, so the recording brackets everything marked before the call.</summary>
    public void Stop()
    {
        if (_thread is null)
        {
            return;
        }
        _stopRequested.Set();
        _thread.Join();
        _thread = null;
        if (_writerFailure is not null)
        {
            throw new IOException($"Could not append power samples to '{_writer?.Path}': {_writerFailure.Message}", _writerFailure);
        }
    }

    private void Loop()
    {
        long next = Stopwatch.GetTimestamp() + _intervalTicks;
        while (true)
        {
            long wait = next - Stopwatch.GetTimestamp();
            if (wait > 0 && _stopRequested.Wait(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency)))
            {
                break;
            }
            if (_stopRequested.IsSet)
            {
                break;
            }
            SampleOnce();
            next += _intervalTicks;
            long now = Stopwatch.GetTimestamp();
            if (next < now)
            {
                // Fell behind (a slow sensor, a busy core): skip the missed slots instead of bursting.
                next = now + _intervalTicks;
            }
        }
        SampleOnce();
    }

    private void SampleOnce()
    {
        long before = Stopwatch.GetTimestamp();
        Array.Fill(_scratch, double.NaN);
        for (int s = 0; s < _sensors.Count; s++)
        {
            if (_lost[s])
            {
                continue;
            }
            IPowerSensor sensor = _sensors[s];
            Span<double> values = _scratch.AsSpan(_firstChannel[s], sensor.Rails.Count);
            try
            {
                sensor.Read(values);
            }
            catch (Exception e) when (e is PowerSensorException or IOException or UnauthorizedAccessException or FormatException)
            {
                values.Fill(double.NaN);
                _lost[s] = true;
                int remaining = 0;
                foreach (bool lost in _lost)
                {
                    remaining += lost ? 0 : 1;
                }
                _report($"power sensor '{sensor.Name}' stopped answering and is no longer sampled ({remaining} sensor(s) remain): {e.Message}");
            }
        }
        long after = Stopwatch.GetTimestamp();
        long timestamp = before + (after - before) / 2;
        double[] row = (double[])_scratch.Clone();
        Trace.Add(timestamp, row);
        Interlocked.Increment(ref _rowsTaken);
        if (_writer is not null && _writerFailure is null)
        {
            try
            {
                _writer.Append(timestamp, row);
            }
            catch (IOException e)
            {
                _writerFailure = e;
            }
        }
    }

    /// <summary>Stops the sampling thread.</summary>
    public void Dispose()
    {
        Stop();
        _stopRequested.Dispose();
    }
}

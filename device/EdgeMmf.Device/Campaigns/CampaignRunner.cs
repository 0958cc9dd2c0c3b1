using System.Globalization;
using System.Text.Json;
using EdgeMmf.Device.Energy;
using EdgeMmf.Device.Plots;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Text;

namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// Runs a campaign into an output folder (<see cref="CampaignOutputLayout"/>), resumably: a measured run
/// counts as done once its <c>result.json</c> exists, so a campaign interrupted (Ctrl-C, crash, power
/// loss) and started again with the same plan and folder runs only what is missing. The samples of an
/// interrupted run are kept (renamed <c>samples.interrupted-N.csv</c>) and the run is measured again.
/// Warm-ups are not recorded; they are repeated before a configuration that still has runs to do.
/// </summary>
public sealed class CampaignRunner
{
    private readonly CampaignPlan _plan;
    private readonly CampaignOutputLayout _layout;
    private readonly List<IPowerSensor> _sensors;
    private readonly IReadOnlyList<string> _sensorNotes;
    private readonly ICampaignWorkload _workload;
    private readonly TextWriter _console;
    private readonly IGenerationMarks? _triggerMarks;
    private readonly List<string> _notes = [];
    private readonly IReadOnlySet<string>? _onlyRuns;

    /// <param name="plan">The plan.</param>
    /// <param name="outputDirectory">The --out folder; created if needed.</param>
    /// <param name="sensors">Sensors to sample (may be empty: timings only). The runner does not dispose them.</param>
    /// <param name="sensorNotes">Discovery's notes on sensors not found, for the log and the summary.</param>
    /// <param name="workload">What each run executes.</param>
    /// <param name="log">Progress messages (also appended to campaign.log).</param>
    /// <param name="triggerMarks">Also marks each measured run (the plan's <c>markGpio</c> pin, <see cref="Gpio.GpioMarkPin"/>); null: none.</param>
    /// <param name="onlyRuns">
    /// A fleet agent's assignment: only these measured runs are measured (others already done still count in the
    /// summary); null: the whole matrix.
    /// </param>
    public CampaignRunner(CampaignPlan plan, string outputDirectory, IReadOnlyList<IPowerSensor> sensors, IReadOnlyList<string> sensorNotes, ICampaignWorkload workload, TextWriter log, IGenerationMarks? triggerMarks = null, IReadOnlySet<string>? onlyRuns = null)
    {
        _onlyRuns = onlyRuns;
        _triggerMarks = triggerMarks;
        _plan = plan;
        _layout = new CampaignOutputLayout(outputDirectory);
        _sensors = [.. sensors];
        _sensorNotes = sensorNotes;
        _workload = workload;
        _console = log;
    }

    /// <summary>Where the campaign writes.</summary>
    public CampaignOutputLayout Layout => _layout;

    /// <summary>
    /// Called on the runner's thread after each run measured now, once its <c>result.json</c> and samples are on disk
    /// and closed (not for runs found done): a fleet agent publishes the run from here, so a crash loses at most the run in flight.
    /// </summary>
    public Action<CampaignRun, RunResult>? RunMeasured { get; init; }

    /// <summary>Runs the measured runs still missing, then writes the summary; <paramref name="cancellationToken"/> stops it early.</summary>
    public CampaignOutcome Run(CancellationToken cancellationToken)
    {
        PrepareOutput();
        if (_sensors.Count == 0)
        {
            if (_plan.Sensors.Required)
            {
                throw new CampaignPlanException($"Campaign '{_plan.Name}' requires a power sensor (\"sensors\": {{\"required\": true}}) and none was found: {string.Join(" ", _sensorNotes)}");
            }
            Log("no power sensor found: the campaign records timings only (energy columns stay empty). Run `edgemmf sensors` to see why.");
        }
        else
        {
            Log($"sampling every {_plan.SampleIntervalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms: {string.Join(", ", _sensors.Select(s => $"{s.Name} [{string.Join(" ", s.Rails.Select(r => r.Name))}]"))}");
        }
        foreach (string note in _sensorNotes)
        {
            Log("  " + note);
        }

        List<List<CampaignRun>> configurations = CampaignMatrix.Expand(_plan);
        int planned = 0, foundDone = 0, completed = 0;
        bool interrupted = false;
        var results = new List<RunResult>();
        foreach (List<CampaignRun> configuration in configurations)
        {
            var missing = new List<CampaignRun>();
            foreach (CampaignRun run in configuration)
            {
                if (run.IsWarmup)
                {
                    continue;
                }
                RunResult? done = TryLoadResult(run);
                if (done is null && _onlyRuns is not null && !_onlyRuns.Contains(run.Id))
                {
                    continue;
                }
                planned++;
                if (done is not null)
                {
                    results.Add(done);
                    foundDone++;
                }
                else
                {
                    missing.Add(run);
                }
            }
            if (missing.Count == 0 || interrupted)
            {
                continue;
            }
            try
            {
                foreach (CampaignRun warmup in configuration.Where(r => r.IsWarmup))
                {
                    Log($"warm-up {warmup.Id}");
                    var marks = new GenerationMarkRecorder(warmup.GenerateTokens);
                    _workload.Run(warmup, marks, cancellationToken);
                }
                foreach (CampaignRun run in missing)
                {
                    RunResult result = Measure(run, cancellationToken);
                    results.Add(result);
                    completed++;
                    RunMeasured?.Invoke(run, result);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                Log("interrupted: every sample taken is on disk; run the same command again to resume with the missing runs.");
            }
        }
        CampaignSummaryWriter.Write(_plan, _layout, results, planned, [.. _sensorNotes, .. _notes]);
        Log($"{(interrupted ? "interrupted" : "done")}: {foundDone + completed}/{planned} runs ({foundDone} from earlier, {completed} now); summary in {_layout.SummaryCsvPath}");
        return new CampaignOutcome(planned, foundDone, completed, interrupted);
    }

    private void PrepareOutput()
    {
        Directory.CreateDirectory(_layout.RunsDirectory);
        Directory.CreateDirectory(_layout.PlotsDirectory);
        string planJson = _plan.ToJson();
        if (File.Exists(_layout.PlanPath))
        {
            string existing = File.ReadAllText(_layout.PlanPath);
            if (existing != planJson)
            {
                throw new CampaignPlanException($"'{_layout.Root}' holds a campaign with a different plan (see its plan.json). Resume with the same plan, or pass a new --out.");
            }
            Log($"resuming campaign '{_plan.Name}' in {_layout.Root}");
        }
        else
        {
            File.WriteAllText(_layout.PlanPath, planJson);
            Log($"campaign '{_plan.Name}' in {_layout.Root}");
        }
    }

    private RunResult? TryLoadResult(CampaignRun run)
    {
        string path = _layout.ResultPath(run);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CampaignJsonContext.Default.RunResult);
        }
        catch (JsonException e)
        {
            Log($"{path} is unreadable ({e.Message}); measuring {run.Id} again.");
            return null;
        }
    }

    private RunResult Measure(CampaignRun run, CancellationToken cancellationToken)
    {
        string directory = _layout.RunDirectory(run);
        Directory.CreateDirectory(directory);
        KeepInterruptedAttempt(run);
        Log($"run {run.Id}");
        using PowerMeasurement measurement = PowerMeasurement.Start(_sensors, _plan.SampleInterval, _layout.SamplesPath(run), Log, run.GenerateTokens);
        measurement.MeasureIdle(TimeSpan.FromSeconds(_plan.IdleSeconds), cancellationToken);
        IGenerationMarks marks = _triggerMarks is null ? measurement.Marks : new GenerationMarksTee(measurement.Marks, _triggerMarks);
        WorkloadResult workload = _workload.Run(run, marks, cancellationToken);
        EnergyReport report = measurement.Finish();
        foreach (IPowerSensor lost in measurement.LostSensors)
        {
            _sensors.Remove(lost);
            _notes.Add($"{lost.Name} stopped answering during {run.Id}; later runs were measured without it.");
        }
        long origin = measurement.Trace.Count > 0 ? Math.Min(measurement.Trace.TimestampAt(0), report.Idle.Start) : report.Idle.Start;
        MarksCsvWriter.Write(_layout.MarksPath(run), measurement.Marks, report.Idle.Start, report.Idle.End, origin);
        File.WriteAllText(_layout.TimelinePath(run), PowerTimelineSvg.Render($"{_plan.Name}: {run.Id}", measurement.Trace, report, measurement.Marks));
        RunResult result = RunResult.From(run, report, workload.Description);
        string temporary = _layout.ResultPath(run) + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(result, CampaignJsonContext.Default.RunResult));
        File.Move(temporary, _layout.ResultPath(run), overwrite: true);
        Log("  " + report.ToSummaryLine());
        return result;
    }

    /// <summary>Renames what an interrupted attempt left (samples, marks) so the new attempt starts clean and nothing measured is lost.</summary>
    private void KeepInterruptedAttempt(CampaignRun run)
    {
        string samples = _layout.SamplesPath(run);
        if (!File.Exists(samples))
        {
            return;
        }
        int attempt = 1;
        string directory = _layout.RunDirectory(run);
        while (File.Exists(Path.Combine(directory, $"samples.interrupted-{attempt}.csv")))
        {
            attempt++;
        }
        File.Move(samples, Path.Combine(directory, $"samples.interrupted-{attempt}.csv"));
        Log($"  {run.Id} was interrupted before; its samples are kept as samples.interrupted-{attempt}.csv");
    }

    private void Log(string message)
    {
        // Sensor names, paths and error messages come from devices and files: one escaped line each, on the terminal and in the log.
        string line = $"{DateTime.UtcNow:HH:mm:ss} {TerminalText.Escape(message)}";
        lock (_console)
        {
            _console.WriteLine(line);
            File.AppendAllText(_layout.LogPath, line + "\n");
        }
    }
}

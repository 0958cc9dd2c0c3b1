using System.Text.Json;
using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// The coordinator's record of which runs each board has delivered: <c>DIR/boards/&lt;board&gt;/</c> is laid out like a
/// local campaign's folder, and a run's <c>result.json</c> (written atomically, as <see cref="CampaignRunner"/> does) is
/// its completion marker. Resuming asks each board only for <see cref="MissingRuns"/>; a result delivered twice
/// (QoS 1 redelivery, an agent restarted mid-run) is recognised and dropped, so nothing is counted twice.
/// </summary>
public sealed class FleetResultLedger
{
    private readonly CampaignPlan _plan;
    private readonly string _root;
    private readonly Dictionary<string, CampaignRun> _measuredRuns;

    /// <summary>The ledger of <paramref name="plan"/> under the coordinator's output folder <paramref name="root"/>.</summary>
    public FleetResultLedger(CampaignPlan plan, string root)
    {
        _plan = plan;
        _root = Path.GetFullPath(root);
        _measuredRuns = MeasuredRuns.Of(plan);
    }

    /// <summary>The board's own campaign folder: raw samples, per-run results, as a local campaign writes them.</summary>
    public CampaignOutputLayout BoardLayout(string board) =>
        FleetTopics.IsValidName(board)
            ? new CampaignOutputLayout(Path.Combine(_root, "boards", board))
            : throw new FleetMessageException($"Board name '{board}' cannot be a folder name: use 1-64 letters, digits, '-', '_' or '.'.");

    /// <summary>The measured runs of the plan the board has not delivered in full (result and samples), in plan order.</summary>
    public List<string> MissingRuns(string board)
    {
        CampaignOutputLayout layout = BoardLayout(board);
        var missing = new List<string>();
        foreach (CampaignRun run in _measuredRuns.Values)
        {
            if (!IsDelivered(layout, run))
            {
                missing.Add(run.Id);
            }
        }
        return missing;
    }

    /// <summary>
    /// Whether the board has delivered run <paramref name="runId"/> in full: its result and its samples (an agent
    /// always sends both, the samples possibly empty). A result whose samples were lost, e.g. across a broker restart
    /// between the two, leaves the run missing, so it is asked for again.
    /// </summary>
    public bool IsDelivered(string board, string runId) =>
        _measuredRuns.TryGetValue(runId, out CampaignRun? run) && IsDelivered(BoardLayout(board), run);

    private static bool IsDelivered(CampaignOutputLayout layout, CampaignRun run) =>
        File.Exists(layout.ResultPath(run)) && File.Exists(layout.SamplesPath(run));

    /// <summary>Measured runs in the plan's matrix.</summary>
    public int MeasuredRunCount => _measuredRuns.Count;

    /// <summary>The results the board has delivered, in plan order (an unreadable file counts as not delivered).</summary>
    public List<RunResult> DeliveredResults(string board)
    {
        CampaignOutputLayout layout = BoardLayout(board);
        var results = new List<RunResult>();
        foreach (CampaignRun run in _measuredRuns.Values)
        {
            string path = layout.ResultPath(run);
            if (File.Exists(path))
            {
                try
                {
                    results.Add(JsonSerializer.Deserialize(File.ReadAllText(path), CampaignJsonContext.Default.RunResult)!);
                }
                catch (JsonException)
                {
                    File.Move(path, path + ".unreadable", overwrite: true); // asked for again, not counted
                }
            }
        }
        return results;
    }

    /// <summary>Keeps a run's joined samples CSV beside its result (once; a repeat is dropped). False when the id is not a measured run.</summary>
    public bool TryKeepSamples(string board, string runId, string csv)
    {
        if (!_measuredRuns.TryGetValue(runId, out CampaignRun? run))
        {
            return false;
        }
        return WriteOnce(BoardLayout(board).SamplesPath(run), csv);
    }

    /// <summary>Keeps a delivered result; false (and nothing written) when it is not a run of the plan or was already kept.</summary>
    public bool TryAccept(string board, RunResult result)
    {
        if (!_measuredRuns.TryGetValue(result.Id, out CampaignRun? run) || result.ConfigurationKey != run.ConfigurationKey)
        {
            return false;
        }
        return WriteOnce(BoardLayout(board).ResultPath(run), JsonSerializer.Serialize(result, CampaignJsonContext.Default.RunResult));
    }

    /// <summary>Writes a run's file atomically (temporary file, then rename), unless it exists: the first delivery wins.</summary>
    private static bool WriteOnce(string path, string text)
    {
        if (File.Exists(path))
        {
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: false);
        return true;
    }

    /// <summary>The plan this ledger was opened for, as plan.json keeps it.</summary>
    public string PlanJson => _plan.ToJson();
}

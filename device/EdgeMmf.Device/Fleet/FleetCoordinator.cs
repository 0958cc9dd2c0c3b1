using System.Text.Json;
using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// Runs one plan on several boards over MQTT: asks each board for the measured runs its folder under
/// <c>OUT/boards/&lt;board&gt;/</c> lacks (<see cref="FleetResultLedger.MissingRuns"/>), keeps what they deliver,
/// prints progress per board, and at the end (or on Ctrl-C) writes each board's local-campaign summary and plots
/// plus the cross-board table <c>fleet-summary.csv</c> and plot. Started again, it asks only for what is missing.
/// A board is asked when it is online (its retained announcement says so, within <see cref="DiscoveryWait"/> or later),
/// again whenever an announcement of it arrives (it or this coordinator reconnected: a result published in between may
/// be lost), and when it goes quiet for <see cref="ReassignAfter"/>; its agent skips runs it already finished and
/// publishes them again.
/// </summary>
public sealed class FleetCoordinator(FleetBroker broker, CampaignPlan plan, string outputDirectory, IReadOnlyList<string>? boards, Action<string> log)
{
    /// <summary>How long to collect the retained announcements of the boards online before assigning (with <c>--all-boards</c>: which boards).</summary>
    public TimeSpan DiscoveryWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a board may stay quiet before its missing runs are asked for again.</summary>
    public TimeSpan ReassignAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>fleet-summary.csv in the output folder.</summary>
    public string FleetSummaryCsvPath => Path.Combine(Path.GetFullPath(outputDirectory), "fleet-summary.csv");

    /// <returns>True when every board delivered every run; false when cancelled first.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var topics = new FleetTopics(plan.Name);
        var ledger = new FleetResultLedger(plan, outputDirectory);
        KeepPlan(ledger);
        var assemblies = new Dictionary<(string Board, string RunId), RunSamplesAssembly>();
        var online = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using var connection = new FleetConnection(broker, $"edgemmf-coordinator-{plan.Name}", [topics.AllAgents, FleetTopics.AllAnnouncements], null, log);
        bool complete = false;
        try
        {
            await connection.EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            List<string> discovered = await DiscoverAsync(connection, online, cancellationToken).ConfigureAwait(false);
            List<string> assigned = boards is null ? discovered : [.. boards];
            if (assigned.Count == 0)
            {
                throw new FleetMessageException($"No board announced itself on {broker} within {DiscoveryWait.TotalSeconds:0} s: start `edgemmf agent` on each board, or name them with --boards.");
            }
            foreach (string board in assigned)
            {
                missing[board] = [.. ledger.MissingRuns(board)];
                Directory.CreateDirectory(ledger.BoardLayout(board).Root);
                if (online.Contains(board) || missing[board].Count == 0)
                {
                    await AssignAsync(connection, topics, board, missing[board], online, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    log($"{board}: {missing[board].Count} run(s) to measure; waiting for it to announce itself (edgemmf agent --name {board})");
                }
            }
            DateTime lastProgress = DateTime.UtcNow;
            while (missing.Values.Any(runs => runs.Count > 0))
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(ReassignAfter - (DateTime.UtcNow - lastProgress));
                (string Topic, byte[] Payload) message;
                try
                {
                    message = await connection.ReceiveAsync(quiet.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    foreach ((string board, HashSet<string> runs) in missing)
                    {
                        await AssignAsync(connection, topics, board, runs, online, cancellationToken).ConfigureAwait(false);
                    }
                    lastProgress = DateTime.UtcNow;
                    continue;
                }
                if (FleetTopics.AgentOfAnnouncement(message.Topic) is { } agent)
                {
                    // An agent announces itself after subscribing, on every (re)connect, and this coordinator receives the
                    // retained announcements again after each of its own (re)connects: either way both ends are subscribed
                    // now, so asking again for the runs still missing reaches the agent, and its answers reach us. Results
                    // published while we were away (lost if the broker did not keep our session) are published again.
                    if (HandleAnnouncement(message.Topic, message.Payload, online) && missing.TryGetValue(agent, out HashSet<string>? runs) && runs.Count > 0)
                    {
                        await AssignAsync(connection, topics, agent, runs, online, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (Handle(message.Topic, message.Payload, topics, ledger, assemblies, missing))
                {
                    lastProgress = DateTime.UtcNow;
                }
            }
            complete = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log("interrupted: every delivered run is on disk; run the same command again to ask only for the missing runs.");
        }
        WriteOutputs(ledger, [.. missing.Keys]);
        return complete;
    }

    private async Task<List<string>> DiscoverAsync(FleetConnection connection, SortedSet<string> online, CancellationToken cancellationToken)
    {
        using var discovery = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        discovery.CancelAfter(DiscoveryWait);
        try
        {
            while (true)
            {
                (string topic, byte[] payload) = await connection.ReceiveAsync(discovery.Token).ConfigureAwait(false);
                HandleAnnouncement(topic, payload, online);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [.. online];
        }
    }

    private async Task AssignAsync(FleetConnection connection, FleetTopics topics, string board, HashSet<string> runs, SortedSet<string> online, CancellationToken cancellationToken)
    {
        log($"{board}: {runs.Count} run(s) to measure{(runs.Count > 0 && !online.Contains(board) ? " (offline: queued for it at the broker)" : "")}");
        if (runs.Count == 0)
        {
            return;
        }
        var assignment = new RunAssignment { Campaign = plan.Name, Plan = plan, RunIds = [.. MeasuredRuns.Of(plan).Keys.Where(runs.Contains)] };
        await connection.PublishAsync(topics.Runs(board), JsonSerializer.SerializeToUtf8Bytes(assignment, FleetJsonContext.Default.RunAssignment), retain: false, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>True when the message delivered something new.</returns>
    private bool Handle(string topic, byte[] payload, FleetTopics topics, FleetResultLedger ledger, Dictionary<(string, string), RunSamplesAssembly> assemblies, Dictionary<string, HashSet<string>> missing)
    {
        if (topics.ParseAgentTopic(topic) is not (string board, string kind) || !missing.TryGetValue(board, out HashSet<string>? runs))
        {
            return false; // another campaign's board, or a board not in this campaign
        }
        try
        {
            if (kind == "samples")
            {
                RunSamplesChunk chunk = FleetMessageReader.ReadSamplesChunk(payload, topic);
                if (!assemblies.TryGetValue((board, chunk.RunId), out RunSamplesAssembly? assembly) || !assembly.TryAdd(chunk))
                {
                    // First chunk, or a re-publication cut differently: start over with this one.
                    assembly = new RunSamplesAssembly(chunk.RunId, chunk.Count);
                    assemblies[(board, chunk.RunId)] = assembly;
                    assembly.TryAdd(chunk);
                }
                if (!assembly.IsComplete)
                {
                    return false;
                }
                assemblies.Remove((board, chunk.RunId));
                return ledger.TryKeepSamples(board, chunk.RunId, assembly.ToCsv()) && Delivered(ledger, runs, board, chunk.RunId);
            }
            RunResult result = FleetMessageReader.ReadResult(payload, topic);
            if (!ledger.TryAccept(board, result))
            {
                return false; // a repeat, or not a run of this plan
            }
            return Delivered(ledger, runs, board, result.Id);
        }
        catch (FleetMessageException e)
        {
            log(e.Message);
            return false;
        }
    }

    /// <summary>Counts the run done once both its result and its samples are kept.</summary>
    private bool Delivered(FleetResultLedger ledger, HashSet<string> runs, string board, string runId)
    {
        if (!ledger.IsDelivered(board, runId) || !runs.Remove(runId))
        {
            return false;
        }
        log($"{board}: {runId} done, {ledger.MeasuredRunCount - runs.Count}/{ledger.MeasuredRunCount} runs");
        return true;
    }

    /// <returns>True when the message is a valid announcement that the agent is online.</returns>
    private bool HandleAnnouncement(string topic, byte[] payload, SortedSet<string> online)
    {
        if (FleetTopics.AgentOfAnnouncement(topic) is not { } agent)
        {
            return false;
        }
        if (payload.Length == 0)
        {
            online.Remove(agent); // a cleared retained announcement
            return false;
        }
        try
        {
            AgentAnnouncement announcement = FleetMessageReader.ReadAnnouncement(payload, topic);
            if (announcement.Name != agent)
            {
                throw new FleetMessageException($"Fleet message on '{topic}' dropped: it announces '{announcement.Name}'.");
            }
            if (announcement.Online ? online.Add(agent) : online.Remove(agent))
            {
                log(announcement.Online
                    ? $"{agent} online: {announcement.BoardModel}, {announcement.Cores} cores, {announcement.KernelPath}, sensors: {(announcement.Sensors.Count == 0 ? "none" : string.Join(", ", announcement.Sensors))}, EdgeMmf {announcement.EdgeMmfVersion}"
                    : $"{agent} went offline");
            }
            return announcement.Online;
        }
        catch (FleetMessageException e)
        {
            log(e.Message);
            return false;
        }
    }

    private void KeepPlan(FleetResultLedger ledger)
    {
        Directory.CreateDirectory(outputDirectory);
        string path = Path.Combine(outputDirectory, "plan.json");
        if (File.Exists(path) && File.ReadAllText(path) != ledger.PlanJson)
        {
            throw new CampaignPlanException($"'{Path.GetFullPath(outputDirectory)}' holds a campaign with a different plan (see its plan.json). Resume with the same plan, or pass a new --out.");
        }
        File.WriteAllText(path, ledger.PlanJson);
    }

    /// <summary>Each board's summary, as a local campaign writes it, and the cross-board table and plot.</summary>
    private void WriteOutputs(FleetResultLedger ledger, List<string> assigned)
    {
        var table = new FleetSummaryTable();
        foreach (string board in assigned)
        {
            CampaignOutputLayout layout = ledger.BoardLayout(board);
            Directory.CreateDirectory(layout.PlotsDirectory);
            File.WriteAllText(layout.PlanPath, ledger.PlanJson);
            List<RunResult> results = ledger.DeliveredResults(board);
            CampaignSummary summary = CampaignSummaryWriter.Write(plan, layout, results, ledger.MeasuredRunCount, [$"Measured on board '{board}' for a fleet campaign."]);
            table.Add(board, summary);
            log($"{board}: {results.Count}/{ledger.MeasuredRunCount} runs; summary in {layout.SummaryCsvPath}");
        }
        File.WriteAllText(FleetSummaryCsvPath, table.ToCsv());
        string plots = Path.Combine(Path.GetFullPath(outputDirectory), "plots");
        Directory.CreateDirectory(plots);
        File.WriteAllText(Path.Combine(plots, "fleet-joules-per-token.svg"), table.JoulesPerTokenPlot(plan.Name));
        log($"cross-board table in {FleetSummaryCsvPath}");
    }
}

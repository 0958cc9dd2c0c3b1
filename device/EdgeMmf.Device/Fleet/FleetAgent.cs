using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// A board in a fleet campaign: announces itself (retained; its last will says it went offline), takes the run
/// assignments addressed to it, measures them exactly as a local campaign does into <c>OUT/&lt;campaign&gt;/</c>, and
/// publishes each run's samples (in chunks) and then its result at QoS 1 as soon as that run ends. Every message is validated by
/// <see cref="FleetMessageReader"/>; a bad one is logged and dropped. A run whose <c>result.json</c> exists locally is
/// never measured again, only published again, so a repeated or redelivered assignment costs no board time.
/// </summary>
public sealed class FleetAgent(FleetBroker broker, AgentAnnouncement announcement, string outputRoot, FleetCampaignRun runCampaign, Action<string> log)
{
    private readonly string _name = FleetTopics.IsValidName(announcement.Name)
        ? announcement.Name
        : throw new ArgumentException($"Agent name '{announcement.Name}' cannot be a topic level: use 1-64 letters, digits, '-', '_' or '.'.");

    /// <summary>How long a stopped agent keeps trying to publish the runs it finished before it exits.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Serves assignments until <paramref name="cancellationToken"/> fires, then says it is offline.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string announceTopic = FleetTopics.Announcement(_name);
        var offline = new AgentAnnouncement
        {
            Name = _name,
            BoardModel = announcement.BoardModel,
            Cores = announcement.Cores,
            KernelPath = announcement.KernelPath,
            Sensors = announcement.Sensors,
            EdgeMmfVersion = announcement.EdgeMmfVersion,
            Online = false,
        };
        await using var connection = new FleetConnection(broker, _name, [FleetTopics.RunsOfAnyCampaign(_name)], (announceTopic, Serialize(offline)), log,
            retainedOnConnect: (announceTopic, Serialize(announcement)));
        await connection.EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        log($"agent '{_name}' on {broker}: waiting for runs");
        try
        {
            while (true)
            {
                (string topic, byte[] payload) = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (Read(topic, payload) is { } assignment)
                {
                    await ServeAsync(connection, assignment, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (connection.IsConnected)
            {
                // A clean disconnect sends no will: say so ourselves, if the broker answers within 5 s (it may be
                // restarting; the coordinator then learns it from the next announcement or the will).
                using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await connection.PublishAsync(announceTopic, Serialize(offline), retain: true, goodbye.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (goodbye.IsCancellationRequested)
                {
                    log($"agent '{_name}': the broker did not take the offline announcement within 5 s");
                }
            }
            log($"agent '{_name}' stopped");
        }
    }

    private RunAssignment? Read(string topic, byte[] payload)
    {
        try
        {
            string campaign = FleetTopics.CampaignOfRuns(topic, _name)
                ?? throw new FleetMessageException($"Fleet message on '{topic}' dropped: not a runs topic of agent '{_name}'.");
            RunAssignment assignment = FleetMessageReader.ReadAssignment(payload, topic);
            if (assignment.Campaign != campaign)
            {
                throw new FleetMessageException($"Fleet message on '{topic}' dropped: it names campaign '{assignment.Campaign}', the topic '{campaign}'.");
            }
            return assignment;
        }
        catch (FleetMessageException e)
        {
            log(e.Message);
            return null;
        }
    }

    private async Task ServeAsync(FleetConnection connection, RunAssignment assignment, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(outputRoot, assignment.Campaign);
        var layout = new CampaignOutputLayout(directory);
        Dictionary<string, CampaignRun> runs = MeasuredRuns.Of(assignment.Plan);
        log($"campaign '{assignment.Campaign}': {assignment.RunIds.Count} run(s) assigned");
        var runIds = new HashSet<string>(assignment.RunIds, StringComparer.Ordinal);
        // Each run measured now goes out as soon as it ends, while the next one is measured: a crash loses at most the run in flight.
        var measured = Channel.CreateUnbounded<CampaignRun>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var published = new HashSet<string>(StringComparer.Ordinal);
        // Stopped (Ctrl-C, SIGTERM), the agent still publishes the runs it finished, for up to StopGrace.
        using var publishingStop = new CancellationTokenSource();
        using CancellationTokenRegistration onStop = cancellationToken.Register(() => publishingStop.CancelAfter(StopGrace));
        Task publishing = PublishMeasuredAsync(connection, assignment.Campaign, layout, measured.Reader, published, publishingStop.Token);
        CampaignOutcome? outcome = null;
        try
        {
            outcome = await Task.Run(() => runCampaign(assignment.Plan, directory, runIds, (run, _) => measured.Writer.TryWrite(run), cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (CampaignPlanException e)
        {
            log($"campaign '{assignment.Campaign}' cannot run here: {e.Message}");
        }
        finally
        {
            measured.Writer.TryComplete();
        }
        await publishing.ConfigureAwait(false);
        if (outcome is null)
        {
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        // Runs found done (measured for an earlier assignment, or before a restart) go out again: the coordinator drops repeats.
        foreach (string id in assignment.RunIds)
        {
            CampaignRun run = runs[id];
            if (!published.Contains(id) && File.Exists(layout.ResultPath(run)))
            {
                await PublishRunAsync(connection, assignment.Campaign, layout, run, cancellationToken).ConfigureAwait(false);
            }
        }
        log($"campaign '{assignment.Campaign}': {outcome.RunsCompleted} run(s) measured now, {outcome.RunsFoundDone} found done; results published");
    }

    private async Task PublishMeasuredAsync(FleetConnection connection, string campaign, CampaignOutputLayout layout, ChannelReader<CampaignRun> measured, HashSet<string> published, CancellationToken cancellationToken)
    {
        await foreach (CampaignRun run in measured.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await PublishRunAsync(connection, campaign, layout, run, cancellationToken).ConfigureAwait(false);
            published.Add(run.Id);
        }
    }

    /// <summary>Publishes a run's samples in chunks, then its result (the coordinator has the samples when it counts the run), at QoS 1.</summary>
    private async Task PublishRunAsync(FleetConnection connection, string campaign, CampaignOutputLayout layout, CampaignRun run, CancellationToken cancellationToken)
    {
        var topics = new FleetTopics(campaign);
        string samples = File.Exists(layout.SamplesPath(run)) ? await File.ReadAllTextAsync(layout.SamplesPath(run), cancellationToken).ConfigureAwait(false) : "";
        foreach (RunSamplesChunk chunk in RunSamplesAssembly.Split(run.Id, samples))
        {
            await connection.PublishAsync(topics.Samples(_name), JsonSerializer.SerializeToUtf8Bytes(chunk, FleetJsonContext.Default.RunSamplesChunk), retain: false, cancellationToken).ConfigureAwait(false);
        }
        byte[] result = await File.ReadAllBytesAsync(layout.ResultPath(run), cancellationToken).ConfigureAwait(false);
        await connection.PublishAsync(topics.Results(_name), result, retain: false, cancellationToken).ConfigureAwait(false);
        log($"campaign '{campaign}': {run.Id} published");
    }

    private static byte[] Serialize(AgentAnnouncement message) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, FleetJsonContext.Default.AgentAnnouncement));
}

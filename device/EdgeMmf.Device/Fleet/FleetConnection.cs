using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Protocol;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// One MQTT client for a fleet agent or coordinator. The session is persistent (clean start off, client id = the
/// agent's name, kept by the broker for <see cref="SessionExpiry"/> after the link drops), so QoS 1 messages sent while
/// the link was down are delivered on reconnect, as long as the broker kept the session (a broker restarted without
/// persistence has not: <see cref="FleetCoordinator"/> then asks again for what it lacks); a dropped link is retried
/// with back-off (1 s doubling to 30 s) for as long as the connection lives. Received messages go to a queue the owner
/// reads with <see cref="ReceiveAsync"/>, so a long run never blocks the client's keep-alive.
/// </summary>
public sealed class FleetConnection : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>How long the broker keeps a session whose link dropped (MQTT 5 ends it at once when this is 0).</summary>
    public static readonly TimeSpan SessionExpiry = TimeSpan.FromDays(1);

    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly List<string> _subscriptions;
    private readonly Action<string> _log;
    private readonly System.Threading.Channels.Channel<(string Topic, byte[] Payload)> _received =
        System.Threading.Channels.Channel.CreateUnbounded<(string, byte[])>();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly (string Topic, byte[] Payload)? _retainedOnConnect;

    /// <param name="broker">The broker.</param>
    /// <param name="clientId">The session's id: the agent's name (or the coordinator's), stable across restarts.</param>
    /// <param name="subscriptions">Topic filters subscribed at QoS 1 on every (re)connect.</param>
    /// <param name="will">Published by the broker when the link dies without a clean disconnect (retained).</param>
    /// <param name="log">Connection events.</param>
    /// <param name="retainedOnConnect">Published (retained) on every (re)connect: a broker restarted without persistence has lost it.</param>
    public FleetConnection(FleetBroker broker, string clientId, IReadOnlyList<string> subscriptions, (string Topic, byte[] Payload)? will, Action<string> log, (string Topic, byte[] Payload)? retainedOnConnect = null)
    {
        _retainedOnConnect = retainedOnConnect;
        _log = log;
        _subscriptions = [.. subscriptions];
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(clientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (broker.User is not null)
        {
            builder.WithCredentials(broker.User, broker.Password ?? "");
        }
        if (broker.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (broker.TlsCaFile is not null)
                {
                    var trust = new X509Certificate2Collection();
                    trust.ImportFromPemFile(broker.TlsCaFile);
                    tls.WithTrustChain(trust);
                }
            });
        }
        _options = builder.Build();
        if (will is { } last)
        {
            _options.WillTopic = last.Topic;
            _options.WillPayload = last.Payload;
            _options.WillRetain = true;
            _options.WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        }
        _client = new MqttClientFactory(new MqttNetNullLogger(), new TcpMqttClientAdapterFactory()).CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (!_closing.IsCancellationRequested && e.ClientWasConnected)
            {
                _log($"lost the broker ({e.Reason}); reconnecting");
                _ = Task.Run(() => EnsureConnectedAsync(_closing.Token));
            }
            return Task.CompletedTask;
        };
        Broker = broker;
    }

    /// <summary>The broker connected to.</summary>
    public FleetBroker Broker { get; }

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects (retrying with back-off until <paramref name="cancellationToken"/> fires) and subscribes.</summary>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TimeSpan wait = FirstRetry;
            while (!_client.IsConnected)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    MqttClientConnectResult connected = await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
                    if (connected.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized)
                    {
                        throw Refused(connected.ResultCode, null);
                    }
                    if (connected.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new InvalidOperationException($"the broker refused the connection: {connected.ResultCode}");
                    }
                    var subscribe = new MqttClientSubscribeOptionsBuilder();
                    foreach (string filter in _subscriptions)
                    {
                        subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
                    }
                    if (_subscriptions.Count > 0)
                    {
                        await _client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
                    }
                    if (_retainedOnConnect is { } retained)
                    {
                        await _client.PublishAsync(Message(retained.Topic, retained.Payload, retain: true), cancellationToken).ConfigureAwait(false);
                    }
                    _log($"connected to {Broker}{(connected.IsSessionPresent ? " (session resumed)" : "")}");
                }
                catch (MQTTnet.Adapter.MqttConnectingFailedException e) when (e.Message.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), StringComparison.Ordinal) || e.Message.Contains(nameof(MqttClientConnectResultCode.NotAuthorized), StringComparison.Ordinal))
                {
                    // Retrying cannot help: say so once, naming what to fix. (MQTTnet 5 names the CONNACK code only in the message.)
                    throw Refused(e.Message.Contains(nameof(MqttClientConnectResultCode.NotAuthorized), StringComparison.Ordinal) ? MqttClientConnectResultCode.NotAuthorized : MqttClientConnectResultCode.BadUserNameOrPassword, e);
                }
                catch (Exception e) when (e is not UnauthorizedAccessException && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
                {
                    _log($"cannot reach {Broker}: {e.Message}; retrying in {wait.TotalSeconds:0} s");
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    wait = wait * 2 > LastRetry ? LastRetry : wait * 2;
                }
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private UnauthorizedAccessException Refused(MqttClientConnectResultCode code, Exception? inner) =>
        new($"{Broker} refused user '{Broker.User ?? "(none)"}' ({code}): check --user and --password-file against the broker's password file.", inner);

    /// <summary>Publishes at QoS 1, waiting for the link (and retrying) until the broker has acknowledged it.</summary>
    public async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        MqttApplicationMessage message = Message(topic, payload, retain);
        while (true)
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _log($"publishing on {topic} failed ({e.Message}); retrying");
                await Task.Delay(FirstRetry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload, bool retain) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();

    /// <summary>The next message received on a subscribed topic.</summary>
    public ValueTask<(string Topic, byte[] Payload)> ReceiveAsync(CancellationToken cancellationToken) =>
        _received.Reader.ReadAsync(cancellationToken);

    /// <summary>A message already received, if any.</summary>
    public bool TryReceive(out (string Topic, byte[] Payload) message) => _received.Reader.TryRead(out message);

    /// <summary>Disconnects from the broker.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // The link is already gone: nothing to close.
            }
        }
        _client.Dispose();
        _closing.Dispose();
        _connecting.Dispose();
    }
}

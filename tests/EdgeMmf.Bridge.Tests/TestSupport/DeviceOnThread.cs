using EdgeMmf.Bridge.Client;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Transports;

namespace EdgeMmf.Bridge.Tests.TestSupport;

/// <summary>A device model serving one end of an in-memory link on a thread, and a client on the other end.</summary>
internal sealed class DeviceOnThread : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public DeviceOnThread(DeviceModelOptions? options = null, BridgeClientOptions? clientOptions = null, Func<IBridgeTransport, IBridgeTransport>? wrapHostEnd = null)
    {
        Device = new BridgeDeviceModel(options, new FaultInjector(seed: 7) { StallMilliseconds = 400 });
        (InMemoryTransport host, InMemoryTransport device) = InMemoryTransport.CreatePair();
        DeviceEnd = device;
        _thread = new Thread(() => Device.Serve(device, _stop.Token)) { IsBackground = true };
        _thread.Start();
        Client = new BridgeClient(wrapHostEnd is null ? host : wrapHostEnd(host), clientOptions ?? Patient);
    }

    /// <summary>Short timeouts keep fault tests fast; three retries as in production.</summary>
    public static BridgeClientOptions Patient => new() { ResponseTimeoutMilliseconds = 150, MaxRetries = 3 };

    public BridgeDeviceModel Device { get; }
    public InMemoryTransport DeviceEnd { get; }
    public BridgeClient Client { get; }

    /// <summary>Schedules a fault <paramref name="framesFromNow"/> frames after the last frame the device sent.</summary>
    public void FaultAfter(FaultKind kind, int framesFromNow = 1, int count = 1) =>
        Device.Faults.Add(FaultRule.AtFrame(kind, Device.FramesSent + framesFromNow, count));

    public void Dispose()
    {
        _stop.Cancel();
        Client.Dispose();
        DeviceEnd.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using EdgeMmf.Bridge.Transports;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// Hosts a <see cref="BridgeDeviceModel"/> behind a listening socket (TCP or Unix domain), one
/// host connection at a time, on a background thread: what <c>edgemmf bridge-sim</c> runs.
/// </summary>
public sealed class BridgeSimServer : IDisposable
{
    private readonly Socket _listener;
    private readonly BridgeDeviceModel _device;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private SocketTransport? _current;
    private int _disposed;

    private BridgeSimServer(Socket listener, BridgeDeviceModel device)
    {
        _listener = listener;
        _device = device;
        _thread = new Thread(AcceptLoop) { IsBackground = true, Name = "bridge-sim" };
        _thread.Start();
    }

    /// <summary>The bound endpoint; with port 0 requested, this holds the port the system chose.</summary>
    public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

    /// <summary>Listens on <paramref name="endPoint"/> (an <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>).</summary>
    public static BridgeSimServer Start(BridgeDeviceModel device, EndPoint endPoint)
    {
        var listener = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new BridgeSimServer(listener, device);
    }

    private void AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            using var transport = new SocketTransport(connection, $"host at {connection.RemoteEndPoint}");
            Volatile.Write(ref _current, transport);
            _device.Serve(transport, _stop.Token);
            Volatile.Write(ref _current, null);
        }
    }

    /// <summary>Stops listening, closes the current connection and waits up to 5 s for the serving thread to end.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _listener.Dispose();
        Volatile.Read(ref _current)?.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Transports;

/// <summary>
/// A connected stream socket to a device model in another process: TCP (<c>sim:HOST:PORT</c>)
/// or a Unix domain socket (<c>pipe:/path</c>). Poll + Receive on spans: no allocation per call.
/// </summary>
public sealed class SocketTransport : IBridgeTransport
{
    private readonly Socket _socket;
    private readonly byte[] _discard = new byte[4096];

    public SocketTransport(Socket connected, string description)
    {
        _socket = connected;
        Description = description;
        if (connected.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            connected.NoDelay = true; // frames are small and request/response: Nagle would add a round trip of delay
    }

    public string Description { get; }

    public static SocketTransport ConnectTcp(string host, int port, int timeoutMilliseconds)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cancel = new CancellationTokenSource(timeoutMilliseconds);
            socket.ConnectAsync(host, port, cancel.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new BridgeDisconnectedException($"sim:{host}:{port}: cannot connect ({e.Message}). Is `edgemmf bridge-sim --listen {host}:{port}` running?", e);
        }
        return new SocketTransport(socket, $"sim:{host}:{port}");
    }

    public static SocketTransport ConnectUnix(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new BridgeDisconnectedException($"pipe:{path}: cannot connect ({e.Message}). Is `edgemmf bridge-sim --listen {path}` running?", e);
        }
        return new SocketTransport(socket, $"pipe:{path}");
    }

    public EndPoint? RemoteEndPoint => _socket.RemoteEndPoint;

    public void Write(ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                int sent = _socket.Send(data, SocketFlags.None);
                data = data[sent..];
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new BridgeDisconnectedException($"{Description}: link lost while sending ({e.Message}).", e);
        }
    }

    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        try
        {
            int microseconds = timeoutMilliseconds >= int.MaxValue / 1000 ? -1 : timeoutMilliseconds * 1000;
            if (!_socket.Poll(microseconds, SelectMode.SelectRead)) return 0;
            int received = _socket.Receive(buffer, SocketFlags.None);
            if (received == 0) throw new BridgeDisconnectedException($"{Description}: the device closed the link.");
            return received;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new BridgeDisconnectedException($"{Description}: link lost while receiving ({e.Message}).", e);
        }
    }

    public void DiscardPendingInput()
    {
        try
        {
            while (_socket.Available > 0)
                if (_socket.Receive(_discard, SocketFlags.None) == 0) return;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new BridgeDisconnectedException($"{Description}: link lost while discarding input ({e.Message}).", e);
        }
    }

    public void Dispose()
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
    }
}

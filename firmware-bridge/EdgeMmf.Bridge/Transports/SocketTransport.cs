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

    /// <summary>Wraps <paramref name="connected"/>, which it owns, and turns Nagle off on TCP.</summary>
    /// <param name="connected">A connected stream socket (TCP or Unix domain).</param>
    /// <param name="description">The link's name in messages, e.g. <c>sim:127.0.0.1:5025</c>.</param>
    public SocketTransport(Socket connected, string description)
    {
        _socket = connected;
        Description = description;
        if (connected.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            connected.NoDelay = true; // frames are small and request/response: Nagle would add a round trip of delay
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>Connects to a device model at <paramref name="host"/>:<paramref name="port"/> (<c>sim:</c>).</summary>
    /// <exception cref="BridgeDisconnectedException">
    /// Refused, unreachable, or not connected within <paramref name="timeoutMilliseconds"/>.
    /// </exception>
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

    /// <summary>Connects to a device model listening on the Unix domain socket <paramref name="path"/> (<c>pipe:</c>).</summary>
    /// <exception cref="BridgeDisconnectedException">Nothing listens there.</exception>
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

    /// <summary>The peer's address, or null when the socket does not know it.</summary>
    public EndPoint? RemoteEndPoint => _socket.RemoteEndPoint;

    /// <inheritdoc/>
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

    /// <inheritdoc/>
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

    /// <summary>Reads and drops what the socket has already received.</summary>
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

    /// <summary>Shuts the connection down both ways and closes the socket.</summary>
    public void Dispose()
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
    }
}

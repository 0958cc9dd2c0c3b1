namespace EdgeMmf.Device.Fleet;

/// <summary>
/// Where and how to reach the broker: <c>mqtt://HOST[:1883]</c> (or <c>mqtts://HOST[:8883]</c>), an optional user whose
/// password is read from a file (never from the command line, where <c>ps</c> shows it) and an optional CA for TLS.
/// </summary>
public sealed record FleetBroker(string Host, int Port, bool UseTls, string? User, string? Password, string? TlsCaFile)
{
    /// <summary>The broker at <paramref name="address"/>, the password read from <paramref name="passwordFile"/> when one is given.</summary>
    public static FleetBroker Parse(string address, string? user = null, string? passwordFile = null, string? tlsCaFile = null)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"Broker '{address}' is not an mqtt://HOST:PORT or mqtts://HOST:PORT address.");
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"Broker '{address}' must be only mqtt://HOST:PORT: pass the user with --user and the password with --password-file.");
        }
        bool tls = uri.Scheme == "mqtts" || tlsCaFile is not null;
        int port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port;
        string? password = null;
        if (passwordFile is not null)
        {
            if (user is null)
            {
                throw new ArgumentException("--password-file needs --user.");
            }
            if (!File.Exists(passwordFile))
            {
                throw new ArgumentException($"Password file '{passwordFile}' does not exist.");
            }
            // The first line, without its line end: `echo secret > file` works.
            password = File.ReadAllText(passwordFile).Split('\n')[0].TrimEnd('\r');
        }
        if (tlsCaFile is not null && !File.Exists(tlsCaFile))
        {
            throw new ArgumentException($"TLS CA file '{tlsCaFile}' does not exist.");
        }
        return new FleetBroker(uri.Host, port, tls, user, password, tlsCaFile);
    }

    /// <summary>The broker's address, without the user.</summary>
    public override string ToString() => $"{(UseTls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}

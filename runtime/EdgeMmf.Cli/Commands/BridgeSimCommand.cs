using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EdgeMmf.Bridge.DeviceModel;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf bridge-sim --listen 127.0.0.1:PORT</c>: the reference FPGA device model
/// (docs/bridge-protocol.md) behind a socket, so <c>--bridge sim:127.0.0.1:PORT</c> can offload to it.
/// Prints the endpoint it listens on first (with port 0 the system picks one), then serves until stopped.
/// </summary>
internal static class BridgeSimCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "HOST:PORT to listen on (port 0 picks a free one), or an absolute path for a Unix domain socket (--bridge pipe:PATH).",
            Required = true,
        };
        var bytesPerSecond = new Option<long>("--link-bytes-per-second")
        {
            Description = "Simulated link throughput; SPI at F Hz moves F/8 bytes/s (30 MHz: 3750000). 0 = unthrottled.",
        };
        var latency = new Option<int>("--latency-us") { Description = "Simulated fixed latency per request, microseconds." };
        var faults = new Option<string[]>("--fault")
        {
            Description = "Inject a fault into a sent frame: drop@N, crc@N, stall@N, disconnect@N (N counts sent frames from 1), KIND@NxK for K frames in a row, or KIND~P with probability P.",
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int>("--fault-seed") { Description = "Seed for probabilistic faults.", DefaultValueFactory = _ => 1 };
        var stall = new Option<int>("--stall-ms") { Description = "How long a stall holds a response back.", DefaultValueFactory = _ => 2000 };
        var slots = new Option<int>("--slots") { Description = "Resident weight slots.", DefaultValueFactory = _ => 1024 };
        var memory = new Option<long>("--resident-bytes") { Description = "Resident weight memory in bytes.", DefaultValueFactory = _ => 512L << 20 };

        var command = new Command("bridge-sim", "Run the reference FPGA bridge device model on a socket (for --bridge sim:HOST:PORT and tests).")
        {
            listen, bytesPerSecond, latency, faults, seed, stall, slots, memory,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            EndPoint endPoint;
            var injector = new FaultInjector(parse.GetValue(seed)) { StallMilliseconds = parse.GetValue(stall) };
            try
            {
                endPoint = ParseListen(parse.GetValue(listen)!);
                foreach (string fault in parse.GetValue(faults) ?? []) injector.Add(FaultRule.Parse(fault));
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"edgemmf bridge-sim: {e.Message}");
                return 2;
            }
            var options = new DeviceModelOptions
            {
                LinkBytesPerSecond = parse.GetValue(bytesPerSecond),
                LatencyMicroseconds = parse.GetValue(latency),
                ResidentSlots = parse.GetValue(slots),
                ResidentBytes = parse.GetValue(memory),
            };
            BridgeSimServer server;
            try
            {
                server = BridgeSimServer.Start(new BridgeDeviceModel(options, injector), endPoint);
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"edgemmf bridge-sim: cannot listen on {parse.GetValue(listen)} ({e.Message}).");
                return 1;
            }
            using (server)
            {
                string where = server.LocalEndPoint is IPEndPoint ip
                    ? $"sim:{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip.Address}]" : ip.Address.ToString())}:{ip.Port}"
                    : $"pipe:{server.LocalEndPoint}";
                Console.Out.WriteLine($"bridge-sim listening on {where}");
                Console.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>HOST:PORT (IPv6 in brackets) or an absolute path for a Unix domain socket.</summary>
    internal static EndPoint ParseListen(string text)
    {
        if (text.StartsWith('/')) return new UnixDomainSocketEndPoint(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new FormatException($"--listen '{text}': expected HOST:PORT (e.g. 127.0.0.1:0) or an absolute socket path.");
        string host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            if (!host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"--listen '{text}': '{host}' is not an IP address (use 127.0.0.1, ::1, 0.0.0.0 or localhost).");
            address = IPAddress.Loopback;
        }
        return new IPEndPoint(address, port);
    }
}

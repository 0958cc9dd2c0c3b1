using System.Diagnostics;
using EdgeMmf.Bridge.DeviceModel;

namespace EdgeMmf.Bridge.Tests.TestSupport;

/// <summary>
/// The Verilator co-simulation of the FPGA firmware (firmware-bridge/sim/, built by
/// firmware-bridge/rtl/ci.sh) as a child process serving one loopback TCP port. Tests that need it
/// are in the "rtl" category and are inconclusive when EDGEMMF_RTL_SIM does not name the binary, so
/// a machine without Verilator still passes the suite; ci.sh sets the variable and runs them.
/// </summary>
internal sealed class RtlSimProcess : IDisposable
{
    public const string Category = "rtl";
    public const string EnvironmentVariable = "EDGEMMF_RTL_SIM";

    /// <summary>
    /// The device model configured with the limits bridge_stream_top.sv is built with, so both
    /// answer the same frames with the same statuses (its float32 results are the one difference:
    /// the RTL does not offer them).
    /// </summary>
    public static DeviceModelOptions EquivalentModelOptions => new()
    {
        MaxRows = 65535,
        MaxColumns = 16384,
        ResidentSlots = 64,
        ResidentBytes = (4L << 20) / 64 * 66, // 4 MiB of code bytes; TQ2_0 scale bytes are not stored
        MaxPayloadBytes = 8192,
        MaxVectorsPerRun = 16,
        MaxMatricesPerRun = 8,
        ClockHz = 100_000_000,
    };

    private readonly Process _process;

    private RtlSimProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Address => $"sim:127.0.0.1:{Port}";

    /// <summary>The harness binary, or an inconclusive test when it is not built here.</summary>
    public static string BinaryOrInconclusive()
    {
        string? path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            Assert.Inconclusive($"{EnvironmentVariable} does not name the built co-simulation (firmware-bridge/rtl/ci.sh builds and sets it); RTL test skipped.");
        return path;
    }

    public static RtlSimProcess Start()
    {
        string binary = BinaryOrInconclusive();
        var start = new ProcessStartInfo(binary, ["--listen", "127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        Task<string?> line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(20)) || line.Result is not string text || !text.StartsWith("rtl-sim listening on sim:", StringComparison.Ordinal))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"{binary} did not report its port");
        }
        int port = int.Parse(text[(text.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return new RtlSimProcess(process, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}

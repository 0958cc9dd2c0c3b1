using System.CommandLine;
using System.Globalization;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>--offload layers=0-11 --bridge spi:/dev/spidev0.0@30000000</c>: the FPGA offload options that
/// generate, chat and bench share (docs/bridge-protocol.md). <see cref="Connect"/> returns null when
/// neither option is given; pass the offload to <see cref="FastForward"/>, which uploads the chosen
/// layers through <c>Handles</c>, and hook <see cref="AnnounceFallback"/> for the single stderr notice.
/// </summary>
internal sealed class OffloadOptionSet
{
    public readonly Option<string?> Offload = new("--offload")
    {
        Description = "BitLinear projections to run on the FPGA: layers=0-11,14, layers=all; add ,head for lm_head. Needs --bridge.",
    };

    public readonly Option<string?> Bridge = new("--bridge")
    {
        Description = "Where the FPGA is: spi:/dev/spidevB.C@HZ, xdma:/dev/xdma0, sim:127.0.0.1:PORT (edgemmf bridge-sim) or pipe:/path.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Offload);
        command.Options.Add(Bridge);
    }

    /// <summary>Parses both options, checks the layers against <paramref name="config"/>, connects and handshakes; null when not asked for.</summary>
    public FpgaProjectionOffload? Connect(ParseResult result, HgrnBitConfig config) =>
        OffloadRequest.Parse(result.GetValue(Offload), result.GetValue(Bridge))?.Connect(config.NumHiddenLayers);

    /// <summary>Connects when asked for and hands the offload to <paramref name="loaded"/>; null when not asked for.</summary>
    public FpgaProjectionOffload? Attach(ParseResult result, LoadedModel loaded)
    {
        FpgaProjectionOffload? offload = Connect(result, loaded.Model.Config);
        if (offload is null) return null;
        loaded.UseOffload(offload);
        AnnounceFallback(loaded.Forward, Console.Error);
        return offload;
    }

    /// <summary>Prints one line on stderr when the device fails and the CPU takes over (the text is unchanged).</summary>
    public static void AnnounceFallback(FastForward forward, TextWriter error) =>
        forward.OffloadFellBack += reason =>
            error.WriteLine($"edgemmf: FPGA offload stopped ({reason}); continuing on the CPU, the output is unchanged.");

    /// <summary>One stderr line after a run: what is resident and what the link cost per token.</summary>
    public static string Summary(FpgaProjectionOffload offload, in LinkStatistics span, int tokens)
    {
        LinkPerToken t = LinkPerToken.From(span, Math.Max(1, tokens));
        string fallback = offload.HasFailed ? $"; fell back to the CPU: {offload.FailureReason}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"edgemmf: offload {offload.ResidentMatrices} matrices ({offload.ResidentBytes / 1e6:F1} MB resident, {offload.MatricesKeptOnCpu} kept on the CPU) " +
            $"on {offload.Client.Description}; per token {t.Bytes / 1e3:F1} kB on the link ({t.BytesSent / 1e3:F1} out, {t.BytesReceived / 1e3:F1} in), " +
            $"link {t.LinkMilliseconds:F2} ms, device {t.DeviceMilliseconds:F2} ms, {t.Exchanges:F0} exchanges; {span.Retries} retries{fallback}");
    }

    /// <summary>The bench JSON's "offload" object: per-token link bytes, link time and device time.</summary>
    public static BenchRecord.OffloadFigures Figures(FpgaProjectionOffload offload, in LinkStatistics span, int tokens)
    {
        LinkPerToken t = LinkPerToken.From(span, Math.Max(1, tokens));
        return new BenchRecord.OffloadFigures
        {
            Bridge = offload.Client.Description,
            ResidentMatrices = offload.ResidentMatrices,
            ResidentBytes = offload.ResidentBytes,
            MatricesKeptOnCpu = offload.MatricesKeptOnCpu,
            LinkBytesSentPerToken = Math.Round(t.BytesSent, 1),
            LinkBytesReceivedPerToken = Math.Round(t.BytesReceived, 1),
            LinkMsPerToken = Math.Round(t.LinkMilliseconds, 3),
            DeviceMsPerToken = Math.Round(t.DeviceMilliseconds, 3),
            ExchangesPerToken = Math.Round(t.Exchanges, 2),
            Retries = span.Retries,
            FellBackToCpu = offload.HasFailed,
        };
    }
}

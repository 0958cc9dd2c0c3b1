using System.Diagnostics;

namespace EdgeMmf.Bridge.Client;

/// <summary>
/// Running totals of the host side of the link, for bench reports: take a snapshot before and
/// after a token and subtract (<see cref="Since"/>). Link time is the wall time of the exchanges
/// minus the compute time the device reported for its Runs.
/// </summary>
public record struct LinkStatistics
{
    public long Exchanges { get; set; }
    public long Retries { get; set; }
    public long Timeouts { get; set; }
    public long CrcErrors { get; set; }
    /// <summary>Responses discarded because they answered an earlier attempt (sequence mismatch).</summary>
    public long StaleFrames { get; set; }
    public long BytesSent { get; set; }
    public long BytesReceived { get; set; }
    /// <summary>Wall time spent in exchanges, Stopwatch ticks.</summary>
    public long ExchangeTicks { get; set; }
    /// <summary>Compute time reported by the device in Run responses.</summary>
    public long DeviceNanoseconds { get; set; }

    public readonly double ExchangeSeconds => (double)ExchangeTicks / Stopwatch.Frequency;
    public readonly double DeviceSeconds => DeviceNanoseconds * 1e-9;
    public readonly double LinkSeconds => Math.Max(0, ExchangeSeconds - DeviceSeconds);
    public readonly long LinkBytes => BytesSent + BytesReceived;

    public readonly LinkStatistics Since(in LinkStatistics earlier) => new()
    {
        Exchanges = Exchanges - earlier.Exchanges,
        Retries = Retries - earlier.Retries,
        Timeouts = Timeouts - earlier.Timeouts,
        CrcErrors = CrcErrors - earlier.CrcErrors,
        StaleFrames = StaleFrames - earlier.StaleFrames,
        BytesSent = BytesSent - earlier.BytesSent,
        BytesReceived = BytesReceived - earlier.BytesReceived,
        ExchangeTicks = ExchangeTicks - earlier.ExchangeTicks,
        DeviceNanoseconds = DeviceNanoseconds - earlier.DeviceNanoseconds,
    };
}

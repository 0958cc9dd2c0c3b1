using System.Diagnostics;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// Makes the device model's link as slow as a real one: each exchange costs a fixed latency plus
/// its bytes at the configured rate (e.g. SPI at 30 MHz moves 3.75 MB/s), waited out before the
/// response is sent. Sleeps for the bulk and spins the last millisecond so short delays stay accurate.
/// </summary>
internal sealed class LinkSimulator(long bytesPerSecond, int latencyMicroseconds)
{
    public bool IsEnabled => bytesPerSecond > 0 || latencyMicroseconds > 0;

    /// <summary>Stopwatch ticks the link needs for <paramref name="bytes"/> plus its latency.</summary>
    public long TicksFor(long bytes)
    {
        double seconds = latencyMicroseconds * 1e-6 + (bytesPerSecond > 0 ? (double)bytes / bytesPerSecond : 0);
        return (long)(seconds * Stopwatch.Frequency);
    }

    /// <summary>Waits until <paramref name="startTimestamp"/> + the link time of <paramref name="bytes"/>.</summary>
    public void WaitFor(long startTimestamp, long bytes)
    {
        if (!IsEnabled) return;
        long until = startTimestamp + TicksFor(bytes);
        long sleepMs = (until - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency - 1;
        if (sleepMs > 0) Thread.Sleep((int)sleepMs);
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
    }
}

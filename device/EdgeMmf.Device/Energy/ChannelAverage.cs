namespace EdgeMmf.Device.Energy;

/// <summary>One channel's average power over the active phases (prefill and decode).</summary>
/// <param name="Channel">The channel id, <c>sensor/rail</c>.</param>
/// <param name="CountsTowardTotal">Whether it is part of the totals.</param>
/// <param name="AverageMilliwatts">NaN when the channel never covered the phases.</param>
public sealed record ChannelAverage(string Channel, bool CountsTowardTotal, double AverageMilliwatts);

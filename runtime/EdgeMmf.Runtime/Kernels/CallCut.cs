namespace EdgeMmf.Runtime.Kernels;

/// <summary>How a <see cref="TernaryProjector"/> call cuts its matrices' rows into chunks for the threads.</summary>
public enum CallCut
{
    /// <summary>The matrices' rows laid end to end, in chunks of about 32 KB.</summary>
    RowsEndToEnd,

    /// <summary>Equal matrices cut by output channel, all of them at once (a layer's i, f and g; <see cref="ChannelRanges"/>).</summary>
    Channels,

    /// <summary>One matrix whose two halves share their channels, cut by channel (gate|up; <see cref="ChannelRanges"/>).</summary>
    Halves,
}

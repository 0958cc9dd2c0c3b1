namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// How a call whose projections share their output channels (a layer's i, f and g; the gate and value halves of
/// gate|up) is cut: ranges of channels across all its projections, about <see cref="TargetBytes"/> of weights each,
/// in whole multiples of <see cref="Alignment"/> channels (<see cref="ChannelEpilogue"/>).
/// A last range shorter than <see cref="Alignment"/> joins the one before it, so no range is shorter than a float vector's
/// tail handling needs (the elementwise steps' bits then do not depend on where a range starts, so the width may follow
/// the thread count).
/// </summary>
public static class ChannelRanges
{
    /// <summary>Weight bytes per range, as the row chunks of other calls (TernaryProjector's 32 KB).</summary>
    public const int TargetBytes = 32 * 1024;

    /// <summary>
    /// Channels per range are a multiple of this: the lookup-tile height (16 rows), and a whole number of float vectors for
    /// the epilogue's elementwise steps, so no range but the last has a vector tail.
    /// </summary>
    public const int Alignment = 16;

    /// <summary>
    /// Channels per range when each channel costs <paramref name="bytesPerChannel"/> weight bytes over the call's projections
    /// and a range should hold about <paramref name="targetBytes"/> (the projector makes it smaller on many threads).
    /// </summary>
    public static int Width(int bytesPerChannel, int targetBytes = TargetBytes)
    {
        if (bytesPerChannel <= 0) throw new ArgumentOutOfRangeException(nameof(bytesPerChannel), bytesPerChannel, "a channel has weight bytes");
        if (targetBytes <= 0) throw new ArgumentOutOfRangeException(nameof(targetBytes), targetBytes, "a range holds weight bytes");
        int channels = (targetBytes / bytesPerChannel + Alignment - 1) / Alignment * Alignment;
        return Math.Max(Alignment, channels);
    }

    /// <summary>How many ranges of <paramref name="width"/> cut <paramref name="channels"/> channels (a short last one joined to the one before).</summary>
    public static int Count(int channels, int width)
    {
        int count = (channels + width - 1) / width;
        if (count > 1 && channels - (count - 1) * width < Alignment) count--;
        return count;
    }

    /// <summary>The end channel of range <paramref name="range"/> of <see cref="Count"/> ranges.</summary>
    public static int End(int range, int width, int channels) =>
        range == Count(channels, width) - 1 ? channels : (range + 1) * width;

    /// <summary>Runs <paramref name="epilogue"/> over <paramref name="channels"/> channels range by range, on the calling thread.</summary>
    public static unsafe void RunAll(ChannelEpilogue epilogue, int channels, int bytesPerChannel)
    {
        if (epilogue.IsNone) return;
        int width = Width(bytesPerChannel), count = Count(channels, width);
        for (int range = 0; range < count; range++)
            epilogue.Run(epilogue.State, range * width, End(range, width, channels));
    }
}

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One call's chunks cut into a home range per thread, each range packed in one long (first unclaimed chunk,
/// end chunk) on its own 128-byte pair of lines. A thread streams its own range from the front; a thread done early
/// takes chunks from the back of the others', so the threads finish together and one that loses its core holds up
/// at most one chunk.
/// </summary>
internal static unsafe class WorkStealingRanges
{
    /// <summary>Longs between ranges: 128 bytes, so two threads never share their lines.</summary>
    public const int Stride = 16;

    /// <summary>Cuts <paramref name="chunks"/> into <paramref name="homes"/> contiguous ranges at <paramref name="ranges"/>.</summary>
    public static void Reset(long* ranges, int chunks, int homes)
    {
        for (int h = 0; h < homes; h++)
            ranges[h * Stride] = Pack(FirstChunk(chunks, homes, h), FirstChunk(chunks, homes, h + 1));
    }

    /// <summary>The first chunk of home <paramref name="home"/> when <paramref name="chunks"/> are cut into <paramref name="homes"/> ranges.</summary>
    public static int FirstChunk(int chunks, int homes, int home) => (int)((long)chunks * home / homes);

    /// <summary>Takes the next chunk of the thread's own range, front first; -1 when none is left.</summary>
    public static int ClaimOwn(long* ranges, int home) => Claim(ranges + home * Stride, fromBack: false);

    /// <summary>
    /// Takes a chunk from the back of another range, starting with the next home after <paramref name="home"/>;
    /// -1 once every range is empty. The ranges are read all at once first (independent loads, so their lines
    /// come from the other cores in parallel rather than one after another), and only a range that still held
    /// work is claimed from.
    /// </summary>
    public static int Steal(long* ranges, int home, int homes)
    {
        while (true)
        {
            int found = -1;
            for (int k = 1; k < homes; k++)
            {
                int other = home + k;
                if (other >= homes) other -= homes;
                long seen = Volatile.Read(ref ranges[other * Stride]);
                if ((int)seen < (int)(seen >> 32))
                {
                    found = other;
                    break;
                }
            }
            if (found < 0) return -1;
            int chunk = Claim(ranges + found * Stride, fromBack: true);
            if (chunk >= 0) return chunk;
        }
    }

    private static long Pack(int first, int end) => (uint)first | (long)end << 32;

    /// <summary>Takes the first (or last) unclaimed chunk of a range; -1 when none is left.</summary>
    private static int Claim(long* range, bool fromBack)
    {
        while (true)
        {
            long seen = Volatile.Read(ref *range);
            int first = (int)seen, end = (int)(seen >> 32);
            if (first >= end) return -1;
            long next = fromBack ? Pack(first, end - 1) : Pack(first + 1, end);
            if (Interlocked.CompareExchange(ref *range, next, seen) == seen) return fromBack ? end - 1 : first;
        }
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Diagnostics.Threading;

/// <summary>
/// Measures how fast this machine streams memory into the cores: each thread sums its slice of one large
/// buffer with plain vector loads, the way a decode step reads the ternary weights. The best of several
/// passes, in GB/s (10^9 bytes per second), is the ceiling <c>edgemmf bench</c> quotes decode speed against.
/// </summary>
public static unsafe class MemoryBandwidthProbe
{
    /// <summary>The buffer is read in this many pieces, claimed by whichever thread is free.</summary>
    private const int Pieces = 256;

    private struct Slice
    {
        public byte* Buffer;
        public long Bytes;
        public long Sink;
    }

    /// <summary>The best streaming rate of <paramref name="passes"/> timed reads of a <paramref name="bytes"/>-byte buffer, in GB/s.</summary>
    /// <param name="threads">Reader threads (the caller included).</param>
    /// <param name="bytes">Buffer size; use several times the last-level cache (1 GiB is safe).</param>
    /// <param name="passes">Timed passes; the fastest counts.</param>
    /// <param name="hugePages">Advise the buffer for transparent huge pages (Linux), as the model's weights are by default.</param>
    public static double Measure(int threads, long bytes, int passes = 5, bool hugePages = true)
    {
        if (bytes < 1 << 20) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "probe at least 1 MiB (far more than the caches)");
        bytes &= ~4095L;
        // Huge pages where the weights get them (WeightPlacement.HugePages), so bound and decode see the same pages.
        using var buffer = new NativeBuffer(bytes, hugePages, zeroed: false);
        NativeMemory.Fill(buffer.Pointer, (nuint)bytes, 1); // touch every page before timing
        using var pool = new WorkerPool(threads);
        Slice slice = new() { Buffer = buffer.Pointer, Bytes = bytes };
        pool.For(&ReadSlice, &slice, Pieces); // warm-up
        double best = 0;
        for (int p = 0; p < passes; p++)
        {
            long start = Stopwatch.GetTimestamp();
            pool.For(&ReadSlice, &slice, Pieces);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Max(best, bytes / seconds / 1e9);
        }
        return best;
    }

    private static void ReadSlice(void* state, int index, int count)
    {
        Slice* s = (Slice*)state;
        long chunk = s->Bytes / count & ~127L;
        byte* p = s->Buffer + chunk * index;
        byte* end = index == count - 1 ? s->Buffer + s->Bytes : p + chunk;
        Interlocked.Add(ref s->Sink, VectorRead.Sum(p, end)); // keeps the loads observable
    }
}

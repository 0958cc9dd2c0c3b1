using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeMmf.Diagnostics.Threading;

/// <summary>
/// Measures how long a cache line written on one core takes to reach another: two threads pass a counter back
/// and forth on one line, and the time per pass is the one-way hand-off latency, in nanoseconds.
/// <para>
/// It is the unit of every cost the token loop pays between threads. A projector call is a short chain of
/// hand-offs (the worker sees the call, claims its share, reads the activations; the caller sees the last share
/// finish), and the serial step after it reads the outputs the worker wrote. On a board all cores share one
/// cache and this is tens of nanoseconds. A cloud VM's two vCPUs may sit on different dies of the host: then
/// it is four times that, while each die also brings its own memory link. docs/performance.md ("Two host
/// states") shows how that moves the decode speed and its fraction of the bandwidth bound.
/// </para>
/// The two threads are the caller and a new one, not pinned, as the pool's are. This allocates (a thread): call
/// it outside the token loop.
/// </summary>
public static unsafe class CoreHandoffProbe
{
    /// <summary>Give up on a pass when the other thread has not answered in this long (it never got a core).</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Give up when one pass takes this long: at a microsecond per hand-off, the threads are sharing a core.</summary>
    private static readonly TimeSpan PassTimeout = TimeSpan.FromMilliseconds(500);

    /// <param name="roundTrips">Round trips per pass (two hand-offs each).</param>
    /// <param name="passes">Timed passes; the median counts.</param>
    /// <returns>
    /// Nanoseconds per one-way hand-off; NaN on a single-CPU machine, or when the second thread could not run
    /// alongside the caller (a pass over <see cref="PassTimeout"/>: it would measure the scheduler, not the caches).
    /// </returns>
    public static double Measure(int roundTrips = 20_000, int passes = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTrips, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        if (Environment.ProcessorCount < 2) return double.NaN;
        // One line of its own (128 bytes: the adjacent-line prefetcher pairs lines) for the counter.
        long* line = (long*)NativeMemory.AlignedAlloc(128, 128);
        *line = 0;
        long total = (long)roundTrips * passes;
        var answerer = new Thread(() => Answer(line, total)) { IsBackground = true, Name = "edgemmf-handoff-probe" };
        try
        {
            answerer.Start();
            var nanoseconds = new double[passes];
            long value = 0;
            for (int p = 0; p < passes; p++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < roundTrips; k++)
                {
                    Volatile.Write(ref *line, ++value);       // odd: the answerer's turn
                    if (!AwaitValue(line, ++value)) return double.NaN;
                    // Hand-offs this slow mean the two threads are taking turns on a core: stop rather than run for minutes.
                    if ((k & 1023) == 1023 && Stopwatch.GetElapsedTime(start) > PassTimeout) return double.NaN;
                }
                nanoseconds[p] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (2.0 * roundTrips);
            }
            Array.Sort(nanoseconds);
            return nanoseconds[passes / 2];
        }
        finally
        {
            // Releases an answerer still waiting; again if it wrote an answer over the first -1.
            do Volatile.Write(ref *line, -1);
            while (answerer.IsAlive && !answerer.Join(10));
            NativeMemory.AlignedFree(line);
        }
    }

    /// <summary>Turns every odd value the caller writes into the next even one, <paramref name="total"/> times.</summary>
    private static void Answer(long* line, long total)
    {
        for (long value = 1; value < 2 * total; value += 2)
        {
            if (!AwaitValue(line, value)) return;
            Volatile.Write(ref *line, value + 1);
        }
    }

    /// <summary>
    /// Spins until the line holds <paramref name="value"/>; false if it holds -1 (stop) or nothing came in
    /// <see cref="AnswerTimeout"/>. No pause instruction in the loop: it would add its own delay to each reading.
    /// </summary>
    private static bool AwaitValue(long* line, long value)
    {
        long waitStart = 0;
        for (long spins = 1; ; spins++)
        {
            long seen = Volatile.Read(ref *line);
            if (seen == value) return true;
            if (seen == -1) return false;
            if ((spins & 0xFFFFF) == 0)
            {
                // About every millisecond: give the other thread this core if it has none; stop if it never comes.
                if (waitStart == 0) waitStart = Stopwatch.GetTimestamp();
                else if (Stopwatch.GetElapsedTime(waitStart) > AnswerTimeout) return false;
                Thread.Yield();
            }
        }
    }
}

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary><c>--threads 1,2,4,8</c>: one thread count, or several for a sweep in one run.</summary>
public static class ThreadList
{
    /// <summary>
    /// Parses a comma-separated list of thread counts, in the order given. Counts above <paramref name="logicalCpus"/>
    /// become <paramref name="logicalCpus"/> (named in <paramref name="capped"/>), and a count that repeats after capping is
    /// measured once.
    /// </summary>
    /// <exception cref="ArgumentException">An empty list, or an entry that is not a whole number of 1 or more.</exception>
    public static int[] Parse(string text, int logicalCpus, out IReadOnlyList<int> capped)
    {
        var counts = new List<int>();
        var over = new List<int>();
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (string part in parts)
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
                throw new ArgumentException($"--threads: '{part}' is not a thread count (a whole number of 1 or more); give one, or a list such as 1,2,4,8.");
            if (n > logicalCpus)
            {
                over.Add(n);
                n = logicalCpus;
            }
            if (!counts.Contains(n)) counts.Add(n);
        }
        capped = over;
        return [.. counts];
    }
}

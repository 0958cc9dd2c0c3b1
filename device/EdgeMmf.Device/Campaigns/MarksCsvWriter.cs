using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeMmf.Device.Energy;

namespace EdgeMmf.Device.Campaigns;

/// <summary>Writes a run's generation marks as CSV: mark, token index, Stopwatch ticks (the samples' clock), seconds from <c>origin</c>.</summary>
internal static class MarksCsvWriter
{
    public static void Write(string path, GenerationMarkRecorder marks, long idleStart, long idleEnd, long origin)
    {
        var csv = new StringBuilder("mark,index,timestamp_ticks,time_s\n");
        void Row(string mark, int index, long timestamp)
        {
            double seconds = (timestamp - origin) / (double)Stopwatch.Frequency;
            csv.Append(CultureInfo.InvariantCulture, $"{mark},{index},{timestamp},{seconds:F6}\n");
        }
        Row("idle_start", 0, idleStart);
        Row("idle_end", 0, idleEnd);
        Row("prefill_start", marks.PromptTokens, marks.PrefillStart);
        if (marks.FirstToken != 0)
        {
            Row("first_token", 0, marks.FirstToken);
        }
        ReadOnlySpan<long> tokens = marks.TokenTimestamps;
        for (int i = 0; i < tokens.Length; i++)
        {
            Row("token", i, tokens[i]);
        }
        Row("end", marks.GeneratedTokens, marks.End);
        File.WriteAllText(path, csv.ToString(), new UTF8Encoding(false));
    }
}

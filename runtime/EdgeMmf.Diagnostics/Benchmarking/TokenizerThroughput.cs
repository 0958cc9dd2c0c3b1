using System.Diagnostics;
using System.Text;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>Encode and decode speed of a tokenizer in MB of UTF-8 text per second, on mixed English prose, code and numbers.</summary>
public static class TokenizerThroughput
{
    private const string Sample =
        "The committee met on Tuesday, 12 May 1964, to consider the proposal; after three hours it voted 7 to 4 in favour. " +
        "\"We can't wait for the next session,\" said the chairman. for (int i = 0; i < n; i++) { total += values[i] * 2; } " +
        "Temperatures reached 31.5 degrees, and naïve café owners sold 1,250 cups of coffee. ";

    /// <summary>Encodes and decodes about <paramref name="targetBytes"/> bytes of the sample text; speeds in 10^6 bytes of UTF-8 per second.</summary>
    /// <param name="tokenizer">The tokenizer to time.</param>
    /// <param name="targetBytes">How much text to run through it, in bytes (the sample repeated).</param>
    public static (double EncodeMBps, double DecodeMBps) Measure(Tokenizer tokenizer, int targetBytes = 1 << 20)
    {
        var text = new StringBuilder();
        while (text.Length < targetBytes) text.Append(Sample);
        string input = text.ToString();
        double megabytes = Encoding.UTF8.GetByteCount(input) / 1e6;
        int[] ids = tokenizer.EncodeToIds(input, addSpecialTokens: false);   // warm-up

        long start = Stopwatch.GetTimestamp();
        ids = tokenizer.EncodeToIds(input, addSpecialTokens: false);
        double encode = Stopwatch.GetElapsedTime(start).TotalSeconds;

        TokenStreamDecoder decoder = tokenizer.CreateStreamDecoder();
        var buffer = new char[decoder.MaxCharsPerToken];
        long chars = 0;
        start = Stopwatch.GetTimestamp();
        foreach (int id in ids) chars += decoder.Append(id, buffer);
        chars += decoder.Flush(buffer);
        double decode = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(chars);
        return (megabytes / encode, megabytes / decode);
    }
}

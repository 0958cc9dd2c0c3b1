using System.Globalization;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// When to inject one kind of fault, counting the frames the device sends from 1:
/// <c>crc@5</c> hits frame 5, <c>crc@5x3</c> frames 5, 6 and 7 (enough to exhaust three retries),
/// <c>crc~0.01</c> each frame with probability 0.01 from the injector's seeded generator.
/// </summary>
/// <param name="Kind">The fault to inject.</param>
/// <param name="FirstFrame">The first sent frame it hits, from 1; unused when probabilistic.</param>
/// <param name="Count">How many frames in a row it hits; unused when probabilistic.</param>
/// <param name="Probability">Chance per frame in (0, 1]; 0 for a frame-numbered rule.</param>
public readonly record struct FaultRule(FaultKind Kind, long FirstFrame, int Count, double Probability)
{
    /// <summary>
    /// Hits <paramref name="count"/> frames in a row from sent frame <paramref name="frame"/> (from 1): <c>KIND@FRAMExCOUNT</c>.
    /// </summary>
    public static FaultRule AtFrame(FaultKind kind, long frame, int count = 1) => new(kind, frame, count, 0);

    /// <summary>Hits each frame with <paramref name="probability"/>: <c>KIND~P</c>.</summary>
    public static FaultRule WithProbability(FaultKind kind, double probability) => new(kind, 0, 0, probability);

    /// <summary>Whether the rule draws per frame (<see cref="Probability"/> above 0) instead of naming frames.</summary>
    public bool IsProbabilistic => Probability > 0;

    /// <summary>Whether a frame-numbered rule hits sent frame <paramref name="frame"/>; always false for a probabilistic one.</summary>
    public bool CoversFrame(long frame) => !IsProbabilistic && frame >= FirstFrame && frame < FirstFrame + Count;

    /// <summary>Parses <c>KIND@N</c>, <c>KIND@NxK</c> or <c>KIND~P</c> with KIND one of drop, crc, stall, disconnect.</summary>
    public static FaultRule Parse(string text)
    {
        int at = text.IndexOfAny(['@', '~']);
        if (at <= 0) throw Invalid(text, "expected KIND@FRAME, KIND@FRAMExCOUNT or KIND~PROBABILITY");
        FaultKind kind = text[..at].ToLowerInvariant() switch
        {
            "drop" => FaultKind.Drop,
            "crc" => FaultKind.Crc,
            "stall" => FaultKind.Stall,
            "disconnect" => FaultKind.Disconnect,
            _ => throw Invalid(text, $"unknown fault kind '{text[..at]}' (use drop, crc, stall or disconnect)"),
        };
        string rest = text[(at + 1)..];
        if (text[at] == '~')
        {
            if (!double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || p <= 0 || p > 1)
                throw Invalid(text, $"'{rest}' is not a probability in (0, 1]");
            return WithProbability(kind, p);
        }
        int x = rest.IndexOf('x');
        string frameText = x < 0 ? rest : rest[..x];
        if (!long.TryParse(frameText, NumberStyles.None, CultureInfo.InvariantCulture, out long frame) || frame < 1)
            throw Invalid(text, $"'{frameText}' is not a frame number (frames the device sends count from 1)");
        int count = 1;
        if (x >= 0 && (!int.TryParse(rest[(x + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
            throw Invalid(text, $"'{rest[(x + 1)..]}' is not a positive repeat count");
        return AtFrame(kind, frame, count);
    }

    private static FormatException Invalid(string text, string why) => new($"Fault '{text}': {why}.");

    /// <summary>The rule in <c>--fault</c> syntax, as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => IsProbabilistic
        ? $"{Kind.ToString().ToLowerInvariant()}~{Probability.ToString(CultureInfo.InvariantCulture)}"
        : $"{Kind.ToString().ToLowerInvariant()}@{FirstFrame}" + (Count > 1 ? $"x{Count}" : "");
}

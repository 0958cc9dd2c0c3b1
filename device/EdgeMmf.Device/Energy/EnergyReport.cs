using System.Diagnostics;
using System.Globalization;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Energy;

/// <summary>
/// One run's energy and speed: idle baseline, prefill (prefill start to first token) and decode (first
/// token to end), each integrated over the channels that count toward the total. Energy figures are NaN
/// when no sensor was sampled; the timings are always there.
/// </summary>
public sealed class EnergyReport
{
    private EnergyReport(PhaseEnergy idle, PhaseEnergy prefill, PhaseEnergy decode, int promptTokens, int generatedTokens,
        IReadOnlyList<string> countedChannels, IReadOnlyList<ChannelAverage> channels, int rejectedSamples)
    {
        RejectedSamples = rejectedSamples;
        Idle = idle;
        Prefill = prefill;
        Decode = decode;
        PromptTokens = promptTokens;
        GeneratedTokens = generatedTokens;
        CountedChannels = countedChannels;
        Channels = channels;
    }

    /// <summary>The idle baseline before the run.</summary>
    public PhaseEnergy Idle { get; }

    /// <summary>Prefill start to first token.</summary>
    public PhaseEnergy Prefill { get; }

    /// <summary>First token to end.</summary>
    public PhaseEnergy Decode { get; }

    /// <summary>Tokens of the prompt.</summary>
    public int PromptTokens { get; }

    /// <summary>Tokens generated.</summary>
    public int GeneratedTokens { get; }

    /// <summary>The channels summed into the totals (<c>sensor/rail</c>); empty without a sensor.</summary>
    public IReadOnlyList<string> CountedChannels { get; }

    /// <summary>Average power of every channel sampled, counted or not.</summary>
    public IReadOnlyList<ChannelAverage> Channels { get; }

    /// <summary>Readings of any channel left out of the energy as implausible (<see cref="PowerReadingRange"/>).</summary>
    public int RejectedSamples { get; }

    /// <summary>True when some channel was counted and its energy is known.</summary>
    public bool HasEnergy => CountedChannels.Count > 0 && !double.IsNaN(ActiveMicrojoules);

    /// <summary>True when every counted channel covered every phase.</summary>
    public bool IsComplete => Idle.Complete && Prefill.Complete && Decode.Complete;

    /// <summary>Average power of the idle baseline.</summary>
    public double IdleMilliwatts => Idle.AverageMilliwatts;

    /// <summary>Prefill plus decode time, in seconds.</summary>
    public double ActiveSeconds => Prefill.Seconds + Decode.Seconds;

    /// <summary>Prefill plus decode energy, in microjoules.</summary>
    public double ActiveMicrojoules => Prefill.Microjoules + Decode.Microjoules;

    /// <summary>Average power while generating (prefill and decode).</summary>
    public double AverageMilliwatts => ActiveSeconds > 0 ? ActiveMicrojoules / ActiveSeconds / 1000.0 : double.NaN;

    /// <summary>All energy spent generating, per generated token.</summary>
    public double JoulesPerToken => GeneratedTokens > 0 ? ActiveMicrojoules / 1e6 / GeneratedTokens : double.NaN;

    /// <summary>As <see cref="JoulesPerToken"/>, less what the board draws idle over the same time: the cost the work adds.</summary>
    public double JoulesPerTokenAboveIdle => GeneratedTokens > 0
        ? (ActiveMicrojoules - IdleMilliwatts * ActiveSeconds * 1000.0) / 1e6 / GeneratedTokens
        : double.NaN;

    /// <summary>Decode energy per decoded token (the first token belongs to prefill).</summary>
    public double DecodeJoulesPerToken => GeneratedTokens > 1 ? Decode.Microjoules / 1e6 / (GeneratedTokens - 1) : double.NaN;

    /// <summary>Prompt tokens per second of prefill.</summary>
    public double PrefillTokensPerSecond => Prefill.Seconds > 0 ? PromptTokens / Prefill.Seconds : double.NaN;

    /// <summary>Decoded tokens per second (the first token belongs to prefill).</summary>
    public double DecodeTokensPerSecond => GeneratedTokens > 1 && Decode.Seconds > 0 ? (GeneratedTokens - 1) / Decode.Seconds : double.NaN;

    /// <summary>
    /// Integrates <paramref name="trace"/> over the idle window and the phases <paramref name="marks"/> delimit.
    /// A run with no first-token mark (no token generated) is all prefill.
    /// </summary>
    public static EnergyReport Build(PowerTrace trace, long idleStart, long idleEnd, GenerationMarkRecorder marks)
    {
        if (!marks.IsComplete)
        {
            throw new InvalidOperationException("The generation has no prefill-start or end mark: the workload must report both (IGenerationMarks.OnPrefillStart / OnEnd).");
        }
        long firstToken = marks.FirstToken != 0 ? marks.FirstToken : marks.End;
        var curves = new List<ChannelEnergyCurve>();
        var counted = new List<string>();
        var channels = new List<ChannelAverage>();
        int rejected = 0;
        for (int c = 0; c < trace.Channels.Count; c++)
        {
            var curve = new ChannelEnergyCurve(trace, c);
            rejected += curve.RejectedSamples;
            PowerChannel channel = trace.Channels[c];
            double active = curve.MicrojoulesBetween(marks.PrefillStart, marks.End, out _);
            double seconds = Seconds(marks.PrefillStart, marks.End);
            channels.Add(new ChannelAverage(channel.Id, channel.Rail.CountsTowardTotal, seconds > 0 ? active / seconds / 1000.0 : double.NaN));
            if (channel.Rail.CountsTowardTotal)
            {
                curves.Add(curve);
                counted.Add(channel.Id);
            }
        }
        return new EnergyReport(
            Phase("idle", idleStart, idleEnd, curves),
            Phase("prefill", marks.PrefillStart, firstToken, curves),
            Phase("decode", firstToken, marks.End, curves),
            marks.PromptTokens, marks.GeneratedTokens, counted, channels, rejected);
    }

    private static PhaseEnergy Phase(string name, long start, long end, List<ChannelEnergyCurve> curves)
    {
        double microjoules = curves.Count == 0 ? double.NaN : 0;
        bool complete = true;
        foreach (ChannelEnergyCurve curve in curves)
        {
            microjoules += curve.MicrojoulesBetween(start, end, out bool covered);
            complete &= covered;
        }
        return new PhaseEnergy(name, start, end, Seconds(start, end), microjoules, complete);
    }

    private static double Seconds(long start, long end) => (end - start) / (double)Stopwatch.Frequency;

    /// <summary>
    /// The one-line summary <c>edgemmf generate --power</c> prints, e.g.
    /// <c>energy: 4.12 W (idle 2.87 W) | prefill 32 tok 0.41 s 78.0 tok/s 1.52 J | decode 63 tok 5.02 s 12.5 tok/s 20.9 J | 0.356 J/token, 0.128 J/token above idle</c>.
    /// </summary>
    public string ToSummaryLine()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string prefill = string.Format(c, "prefill {0} tok {1:F2} s {2:F1} tok/s", PromptTokens, Prefill.Seconds, PrefillTokensPerSecond);
        string decode = string.Format(c, "decode {0} tok {1:F2} s {2:F1} tok/s", Math.Max(0, GeneratedTokens - 1), Decode.Seconds, DecodeTokensPerSecond);
        if (!HasEnergy)
        {
            string why = Channels.Count == 0 ? "no power sensor" : CountedChannels.Count == 0 ? "no rail counted toward the total (see countedRails)" : "no samples during the run";
            return $"energy: {why} (timings only) | {prefill} | {decode}{Rejected()}";
        }
        string line = string.Format(c,
            "energy: {0:F2} W (idle {1:F2} W) | {2} {3:F2} J | {4} {5:F2} J | {6:F3} J/token, {7:F3} J/token above idle",
            AverageMilliwatts / 1000.0, IdleMilliwatts / 1000.0, prefill, Prefill.Microjoules / 1e6, decode, Decode.Microjoules / 1e6,
            JoulesPerToken, Math.Round(JoulesPerTokenAboveIdle, 3) + 0.0); // + 0.0 turns a rounded -0 into 0
        return (IsComplete ? line : line + " (incomplete: a sensor stopped during the run)") + Rejected();
    }

    private string Rejected() => RejectedSamples == 0 ? ""
        : string.Create(CultureInfo.InvariantCulture, $" ({RejectedSamples} implausible power reading(s) left out: negative, above {PowerReadingRange.MaxMilliwatts / 1e6:0} kW or not finite)");
}

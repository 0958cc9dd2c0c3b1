using System.Globalization;

namespace EdgeMmf.Device.RaspberryPiPmic;

/// <summary>
/// Parses <c>vcgencmd pmic_read_adc</c> on a Raspberry Pi 5 (firmware of 2023-10 and later). It prints one
/// line per ADC channel, currents and voltages in separate lines whose channel numbers do not match:
/// <code>
///   VDD_CORE_A current(7)=2.85760000A
///   VDD_CORE_V volt(15)=0.83875000V
///      EXT5V_V volt(24)=5.09066000V
/// </code>
/// A rail is paired by name (<c>VDD_CORE_A</c> with <c>VDD_CORE_V</c>). Voltages with no current
/// (EXT5V, BATT) and unparsable values (<c>nanV</c>) are left out.
/// </summary>
public static class PmicAdcParser
{
    /// <summary>One rail's reading: volts times amps.</summary>
    public readonly record struct PmicRail(string Name, double Amps, double Volts)
    {
        /// <summary>The rail's power in milliwatts.</summary>
        public double Milliwatts => Amps * Volts * 1000.0;
    }

    /// <summary>The rails that have both a current and a voltage, in the order their current lines appear.</summary>
    public static List<PmicRail> Parse(string output)
    {
        var amps = new List<(string Rail, double Value)>();
        var volts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string rawLine in output.Split('\n'))
        {
            string line = rawLine.Trim();
            int space = line.IndexOf(' ');
            int equals = line.LastIndexOf('=');
            if (space <= 2 || equals < space || line.Length < equals + 3)
            {
                continue;
            }
            string channel = line[..space];
            char unit = line[^1];
            if (!double.TryParse(line.AsSpan(equals + 1, line.Length - equals - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                continue;
            }
            if (unit == 'A' && channel.EndsWith("_A", StringComparison.Ordinal))
            {
                amps.Add((channel[..^2], value));
            }
            else if (unit == 'V' && channel.EndsWith("_V", StringComparison.Ordinal))
            {
                volts[channel[..^2]] = value;
            }
        }
        var rails = new List<PmicRail>(amps.Count);
        foreach ((string rail, double current) in amps)
        {
            if (volts.TryGetValue(rail, out double voltage))
            {
                rails.Add(new PmicRail(rail, current, voltage));
            }
        }
        return rails;
    }
}

using System.ComponentModel;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.RaspberryPiPmic;

/// <summary>
/// The Raspberry Pi 5's power-management IC (Renesas DA9091 "PMIC"), read through
/// <c>vcgencmd pmic_read_adc</c>: current times voltage per rail, every rail counted toward the total.
/// The rails are the PMIC's outputs (core, DDR, 3V3, 1V8, ...): what the SoC and memory draw, not
/// the 5 V input (USB, fan, and the regulators' own losses are outside it). One process per sample
/// costs a few milliseconds: sample at 50 ms or slower.
/// </summary>
public sealed class RaspberryPiPmicSensor : IPowerSensor
{
    private static readonly string[] Arguments = ["pmic_read_adc"];
    private readonly ICommandRunner _runner;
    private readonly string _vcgencmd;

    private RaspberryPiPmicSensor(ICommandRunner runner, string vcgencmd, PowerRail[] rails)
    {
        _runner = runner;
        _vcgencmd = vcgencmd;
        Rails = rails;
    }

    /// <inheritdoc/>
    public string Name => "rpi5-pmic";

    /// <inheritdoc/>
    public IReadOnlyList<PowerRail> Rails { get; }

    /// <inheritdoc/>
    public void Read(Span<double> values)
    {
        List<PmicAdcParser.PmicRail> rails = ReadRails(_runner, _vcgencmd);
        values.Fill(double.NaN);
        foreach (PmicAdcParser.PmicRail rail in rails)
        {
            for (int i = 0; i < Rails.Count; i++)
            {
                if (Rails[i].Name == rail.Name)
                {
                    values[i] = rail.Milliwatts;
                    break;
                }
            }
        }
    }

    /// <summary>Nothing to release: each read runs vcgencmd.</summary>
    public void Dispose() { }

    /// <summary>
    /// Runs <c>{vcgencmd} pmic_read_adc</c> once; returns the sensor, or null with the reason in
    /// <paramref name="notes"/> (no vcgencmd: not Raspberry Pi OS; no rails: not a Pi 5, or old firmware).
    /// </summary>
    public static RaspberryPiPmicSensor? Discover(ICommandRunner runner, string vcgencmd, List<string> notes)
    {
        try
        {
            List<PmicAdcParser.PmicRail> rails = ReadRails(runner, vcgencmd);
            if (rails.Count == 0)
            {
                notes.Add($"rpi5-pmic: '{vcgencmd} pmic_read_adc' reported no rails (not a Raspberry Pi 5, or firmware older than 2023-10: `sudo rpi-eeprom-update` and `sudo apt full-upgrade`).");
                return null;
            }
            var railList = new PowerRail[rails.Count];
            for (int i = 0; i < rails.Count; i++)
            {
                railList[i] = new PowerRail(rails[i].Name, RailQuantity.Milliwatts, CountsTowardTotal: true);
            }
            return new RaspberryPiPmicSensor(runner, vcgencmd, railList);
        }
        catch (PowerSensorException e)
        {
            notes.Add(e.Message);
            return null;
        }
    }

    private static List<PmicAdcParser.PmicRail> ReadRails(ICommandRunner runner, string vcgencmd)
    {
        int exitCode;
        string output;
        try
        {
            (exitCode, output) = runner.Run(vcgencmd, Arguments);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or TimeoutException or IOException)
        {
            string why = e is Win32Exception { NativeErrorCode: 2 } ? "not installed or not on PATH" : e.Message;
            throw new PowerSensorException($"rpi5-pmic: could not run '{vcgencmd}' ({why}); on Raspberry Pi OS it is /usr/bin/vcgencmd (package raspi-utils).", e);
        }
        if (exitCode != 0)
        {
            throw new PowerSensorException($"rpi5-pmic: '{vcgencmd} pmic_read_adc' exited with {exitCode}: {output.Trim()} (is the user in the 'video' group? `sudo usermod -aG video $USER`).");
        }
        return PmicAdcParser.Parse(output);
    }
}

using System.Globalization;

namespace EdgeMmf.Device.Sampling;

/// <summary>Reads the one-value text files of sysfs (hwmon, powercap), turning I/O failures into sensor errors that name the file.</summary>
internal static class SysfsFile
{
    public static long ReadInteger(string path, string sensor)
    {
        string text = ReadText(path, sensor);
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            throw new PowerSensorException($"{sensor}: '{path}' holds '{text}', not an integer.");
        }
        return value;
    }

    public static string ReadText(string path, string sensor)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PowerSensorException($"{sensor}: permission denied reading '{path}'. Run as root, or grant read access (e.g. `sudo chmod a+r {path}`; a udev rule makes it last).", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PowerSensorException($"{sensor}: '{path}' has disappeared (driver unloaded or device unplugged).", e);
        }
        catch (IOException e)
        {
            throw new PowerSensorException($"{sensor}: reading '{path}' failed: {e.Message}", e);
        }
    }

    /// <summary>The file's text, or null when it does not exist or cannot be read (optional attributes such as labels).</summary>
    public static string? TryReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

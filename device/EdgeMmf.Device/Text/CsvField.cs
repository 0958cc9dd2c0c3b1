namespace EdgeMmf.Device.Text;

/// <summary>
/// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote, a line break or leading or
/// trailing space, with quotes doubled. Sensor labels, model names and workload descriptions come from files and
/// devices, and a newline or quote in one must not add or shift fields.
/// </summary>
public static class CsvField
{
    /// <paramref name="text"/> as one CSV field.
    public static string Escape(string text)
    {
        bool quote = text.Length > 0 && (text[0] == ' ' || text[^1] == ' ');
        foreach (char c in text)
            if (c is ',' or '"' or '\n' or '\r') { quote = true; break; }
        return quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}

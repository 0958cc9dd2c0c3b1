using System.Globalization;
using System.Text;

namespace EdgeMmf.Text;

/// <summary>
/// Makes text from a file, a model or a sensor safe to print on a terminal: control characters (C0, DEL, C1),
/// and the Unicode line and bidi-override characters that would move the cursor, recolour the screen or split
/// one message over several lines, are written as visible escapes (<c>\n</c>, <c>\x1b</c>, <c>\u202e</c>).
/// Everything else is kept as it is.
/// One source for the runtime and the device library, which do not depend on each other: the device library
/// compiles this file too (linked in its project) as an internal class; the runtime makes it public
/// (TerminalText.Public.cs), and that is the one the CLI sees.
/// </summary>
static partial class TerminalText
{
    /// <paramref name="text"/> with control, line and bidi-override characters written as visible escapes.
    public static string Escape(string text)
    {
        int first = 0;
        while (first < text.Length && !NeedsEscape(text[first])) first++;
        if (first == text.Length) return text;
        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int k = first; k < text.Length; k++)
        {
            char c = text[k];
            if (!NeedsEscape(c)) { escaped.Append(c); continue; }
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    /// <summary>True for characters a terminal acts on instead of showing.</summary>
    public static bool NeedsEscape(char c) => c < ' ' || c is >= '\u007f' and <= '\u009f'
        || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f';
}

using System.Globalization;
using System.Text;

namespace EdgeMmf.Device.Plots;

/// <summary>A minimal SVG 1.1 writer: the few shapes our charts draw, numbers in invariant culture, text escaped.</summary>
internal sealed class SvgDocument
{
    private readonly StringBuilder _svg = new(16 * 1024);

    public SvgDocument(double width, double height)
    {
        _svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n");
        Rect(0, 0, width, height, "#ffffff");
    }

    public void Rect(double x, double y, double width, double height, string fill, double opacity = 1)
    {
        _svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(0, width):0.##}\" height=\"{Math.Max(0, height):0.##}\" fill=\"{fill}\"{Opacity(opacity)}/>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{stroke}\" stroke-width=\"{width:0.##}\"{Dash(dash)}/>\n");
    }

    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width, string? dash = null)
    {
        if (points.Count == 0)
        {
            return;
        }
        _svg.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"")
            .Append(width.ToString("0.##", CultureInfo.InvariantCulture)).Append("\" stroke-linejoin=\"round\"").Append(Dash(dash)).Append(" points=\"");
        foreach ((double x, double y) in points)
        {
            _svg.Append(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##} ");
        }
        _svg.Append("\"/>\n");
    }

    public void Circle(double x, double y, double radius, string fill)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.##}\" cy=\"{y:0.##}\" r=\"{radius:0.##}\" fill=\"{fill}\"/>\n");
    }

    /// <summary>Draws <paramref name="text"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="x">The anchor's x.</param>
    /// <param name="y">The baseline's y.</param>
    /// <param name="text">The text (escaped here).</param>
    /// <param name="size">Font size in pixels.</param>
    /// <param name="anchor">start, middle or end.</param>
    /// <param name="fill">Text colour.</param>
    /// <param name="bold">Bold type.</param>
    /// <param name="rotate">Rotation in degrees about (<paramref name="x"/>, <paramref name="y"/>).</param>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222222", bool bold = false, double rotate = 0)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{y:0.##}\" font-size=\"{size:0.#}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (bold)
        {
            _svg.Append(" font-weight=\"bold\"");
        }
        if (rotate != 0)
        {
            _svg.Append(CultureInfo.InvariantCulture, $" transform=\"rotate({rotate:0.##} {x:0.##} {y:0.##})\"");
        }
        _svg.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    public override string ToString() => _svg.ToString() + "</svg>\n";

    public void Save(string path) => File.WriteAllText(path, ToString(), new UTF8Encoding(false));

    private static string Opacity(double opacity) => opacity < 1 ? string.Create(CultureInfo.InvariantCulture, $" fill-opacity=\"{opacity:0.##}\"") : "";

    private static string Dash(string? dash) => dash is null ? "" : $" stroke-dasharray=\"{dash}\"";

    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => char.IsControl(c) ? " " : c.ToString(),
            });
        }
        return escaped.ToString();
    }
}

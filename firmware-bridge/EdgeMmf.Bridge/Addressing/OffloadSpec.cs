using System.Globalization;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Addressing;

/// <summary>
/// Which BitLinear projections go to the device, as <c>--offload</c> names them:
/// <c>layers=0-11,14</c> (every projection of those layers), <c>layers=all</c>, and the item
/// <c>head</c> for lm_head (layer -1 in <see cref="EdgeMmf.Runtime.Offload.IProjectionOffload"/>),
/// e.g. <c>layers=0-23,head</c>.
/// </summary>
public sealed class OffloadSpec
{
    private readonly (int First, int Last)[] _ranges;

    private OffloadSpec((int, int)[] ranges, bool allLayers, bool head, string text)
    {
        _ranges = ranges;
        AllLayers = allLayers;
        IncludesHead = head;
        Text = text;
    }

    /// <summary>Whether the list has the item <c>all</c>: every layer of the model, whatever else it names.</summary>
    public bool AllLayers { get; }

    /// <summary>Whether the list has the item <c>head</c>: lm_head goes to the device too.</summary>
    public bool IncludesHead { get; }

    /// <summary>The <c>--offload</c> value as given.</summary>
    public string Text { get; }

    /// <summary>Whether layer <paramref name="layer"/> (-1 = lm_head) is offloaded.</summary>
    public bool Includes(int layer)
    {
        if (layer < 0) return IncludesHead;
        if (AllLayers) return true;
        foreach ((int first, int last) in _ranges)
            if (layer >= first && layer <= last) return true;
        return false;
    }

    /// <summary>
    /// Parses <c>layers=</c> followed by comma-separated items: a layer <c>N</c>, a range <c>A-B</c> (both
    /// ends included), <c>all</c> or <c>head</c>. Layer numbers are not checked against a model here; see <see cref="Validate"/>.
    /// </summary>
    /// <exception cref="OffloadSpecException">
    /// The text is empty, lacks <c>layers=</c>, or has an item that is not a layer, a range, all or head.
    /// </exception>
    public static OffloadSpec Parse(string text)
    {
        const string Form = "use layers=A-B,C[,head] or layers=all, e.g. layers=0-11,14";
        if (string.IsNullOrWhiteSpace(text)) throw new OffloadSpecException($"--offload is empty; {Form}.");
        if (!text.StartsWith("layers=", StringComparison.OrdinalIgnoreCase))
            throw new OffloadSpecException($"--offload '{text}' must start with 'layers='; {Form}.");
        string list = text["layers=".Length..];
        if (list.Length == 0) throw new OffloadSpecException($"--offload '{text}' names no layers; {Form}.");
        var ranges = new List<(int, int)>();
        bool all = false, head = false;
        foreach (string raw in list.Split(','))
        {
            string item = raw.Trim();
            if (item.Equals("all", StringComparison.OrdinalIgnoreCase)) { all = true; continue; }
            if (item.Equals("head", StringComparison.OrdinalIgnoreCase)) { head = true; continue; }
            int dash = item.IndexOf('-');
            string firstText = dash < 0 ? item : item[..dash];
            string lastText = dash < 0 ? item : item[(dash + 1)..];
            if (!TryLayer(firstText, out int first) || !TryLayer(lastText, out int last))
                throw new OffloadSpecException($"--offload '{text}': '{item}' is not a layer number or range (layers count from 0); {Form}.");
            if (last < first)
                throw new OffloadSpecException($"--offload '{text}': range '{item}' runs backwards; write {last}-{first}.");
            ranges.Add((first, last));
        }
        return new OffloadSpec([.. ranges], all, head, text);
    }

    /// <summary>Rejects layer numbers the model does not have.</summary>
    /// <param name="layerCount">The model's layer count; valid layers are 0 to <paramref name="layerCount"/> - 1.</param>
    /// <exception cref="OffloadSpecException">A range reaches <paramref name="layerCount"/> or beyond.</exception>
    public void Validate(int layerCount)
    {
        foreach ((int first, int last) in _ranges)
            if (last >= layerCount)
                throw new OffloadSpecException($"--offload '{Text}' names layer {last}, but the model has {layerCount} layers (0-{layerCount - 1}).");
    }

    private static bool TryLayer(string text, out int layer) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out layer) && layer <= 100_000;

    /// <summary>The <c>--offload</c> value as given (<see cref="Text"/>).</summary>
    public override string ToString() => Text;
}

using System.Text.Json;
using EdgeMmf.Text;

namespace EdgeMmf.Runtime.Assistant;

/// <summary>
/// How a conversation is laid out as text for the model. The defaults are a plain "User:/Assistant:"
/// transcript; a model card can ship its own as <c>chat-template.json</c> beside the model
/// (fields: system_prefix, user_prefix, assistant_prefix, turn_separator, stop_strings).
/// </summary>
public sealed record ChatTemplate
{
    /// <summary>The template's file name beside a model.</summary>
    public const string FileName = "chat-template.json";

    /// <summary>Text before the system prompt.</summary>
    public string SystemPrefix { get; init; } = "";
    /// <summary>Text before each user message.</summary>
    public string UserPrefix { get; init; } = "User: ";
    /// <summary>Text that starts each reply (the model continues from it).</summary>
    public string AssistantPrefix { get; init; } = "Assistant:";
    /// <summary>Text between turns.</summary>
    public string TurnSeparator { get; init; } = "\n";
    /// <summary>Besides EOS and a blank line: text that means the model started the next turn itself.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = ["\nUser:", "\nAssistant:"];

    /// <summary>The template beside a model (its directory, or the directory of its file), or the default.</summary>
    public static ChatTemplate ForModel(string modelPath)
    {
        string directory = Directory.Exists(modelPath) ? modelPath : Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".";
        string path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Load(path) : new ChatTemplate();
    }

    /// <summary>Reads a chat-template.json; a malformed file is refused with its path.</summary>
    public static ChatTemplate Load(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            // JsonDocument parses invalid UTF-8 inside strings and fails only when a string is read, with an InvalidOperationException.
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw Fail($"{path}: is not valid UTF-8 text.");
            using JsonDocument document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Fail($"{path}: holds a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; a chat template is an object with system_prefix, user_prefix, assistant_prefix, turn_separator, stop_strings.");
            var template = new ChatTemplate();
            foreach (JsonProperty p in document.RootElement.EnumerateObject())
            {
                template = p.Name switch
                {
                    "system_prefix" => template with { SystemPrefix = Text(p, path) },
                    "user_prefix" => template with { UserPrefix = Text(p, path) },
                    "assistant_prefix" => template with { AssistantPrefix = Text(p, path) },
                    "turn_separator" => template with { TurnSeparator = Text(p, path) },
                    "stop_strings" => template with { StopStrings = Strings(p, path) },
                    _ => throw Fail($"{path}: unknown field \"{p.Name}\"; expected system_prefix, user_prefix, assistant_prefix, turn_separator, stop_strings."),
                };
            }
            return template;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(TerminalText.Escape($"{path}: not valid JSON ({e.Message})."), e);
        }
    }

    /// <summary>A refusal whose message stays one printable line, whatever field name the file holds.</summary>
    private static InvalidDataException Fail(string message) => new(TerminalText.Escape(message));

    private static string Text(JsonProperty p, string path) => p.Value.ValueKind == JsonValueKind.String
        ? p.Value.GetString()! : throw Fail($"{path}: \"{p.Name}\" must be a string.");

    private static string[] Strings(JsonProperty p, string path)
    {
        if (p.Value.ValueKind != JsonValueKind.Array) throw Fail($"{path}: \"{p.Name}\" must be an array of strings.");
        var values = new List<string>();
        foreach (JsonElement e in p.Value.EnumerateArray())
            values.Add(e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Fail($"{path}: \"{p.Name}\" must hold strings."));
        return values.ToArray();
    }
}

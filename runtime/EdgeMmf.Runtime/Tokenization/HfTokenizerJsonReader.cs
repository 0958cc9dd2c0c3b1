using System.Text.Json;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of the Llama kind: a BPE model (vocab, merges, byte_fallback),
/// added tokens, and either the legacy normalizer (Prepend '▁' + Replace ' ' by '▁') or a Metaspace
/// pre-tokenizer with a prepend_scheme. Anything else is refused by name rather than guessed at.
/// </summary>
public static class HfTokenizerJsonReader
{
    /// <summary>What a tokenizer.json holds that EdgeMmf uses.</summary>
    /// <param name="Vocabulary">The BPE vocabulary, with byte pieces and special ids.</param>
    /// <param name="Merges">The merge rules, highest priority first.</param>
    /// <param name="Prefix">Where the dummy-prefix '▁' goes.</param>
    /// <param name="AddedTokens">The added tokens, matched literally in text.</param>
    public sealed record Contents(Vocabulary Vocabulary, List<(string Left, string Right)> Merges, PrefixScheme Prefix, List<(string Text, int Id)> AddedTokens);

    /// <summary>Reads and checks the tokenizer.json at <paramref name="path"/>; anything unsupported is a <see cref="TokenizerFormatException"/>.</summary>
    public static Contents Read(string path)
    {
        JsonDocument document;
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            // JsonDocument parses invalid UTF-8 inside strings and fails only when a string is read, with an InvalidOperationException.
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw new TokenizerFormatException(path, "is not valid UTF-8 text; the file is damaged.");
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e) { throw new TokenizerFormatException(path, $"is not valid JSON ({e.Message}).", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new TokenizerFormatException(path, $"cannot be read ({e.Message}).", e); }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.Object)
                throw new TokenizerFormatException(path, "has no \"model\" object; it is not a Hugging Face tokenizer.json.");
            string type = model.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "BPE";
            if (type != "BPE") throw new TokenizerFormatException(path, $"holds a {type} model; EdgeMmf implements the BPE tokenizers of Llama-family checkpoints.");
            if (!model.TryGetProperty("vocab", out JsonElement vocab) || vocab.ValueKind != JsonValueKind.Object)
                throw new TokenizerFormatException(path, "model.vocab is missing or not an object mapping each piece to its id.");

            var byId = new Dictionary<int, string>();
            foreach (JsonProperty entry in vocab.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                    throw new TokenizerFormatException(path, $"model.vocab[\"{entry.Name}\"] is not a token id.");
                if (!byId.TryAdd(id, entry.Name)) throw new TokenizerFormatException(path, $"token id {id} appears twice in model.vocab.");
            }
            var added = new List<(string, int)>();
            var specialIds = new HashSet<int>();
            if (root.TryGetProperty("added_tokens", out JsonElement addedTokens) && addedTokens.ValueKind != JsonValueKind.Null)
            {
                if (addedTokens.ValueKind != JsonValueKind.Array) throw new TokenizerFormatException(path, $"added_tokens is {Kind(addedTokens)}; it must be an array of token objects.");
                foreach (JsonElement token in addedTokens.EnumerateArray())
                {
                    string field = $"added_tokens[{added.Count}]";
                    if (token.ValueKind != JsonValueKind.Object) throw new TokenizerFormatException(path, $"{field} is {Kind(token)}; it must be an object with \"id\" and \"content\".");
                    int id = token.TryGetProperty("id", out JsonElement idValue) && idValue.ValueKind == JsonValueKind.Number && idValue.TryGetInt32(out int i) && i >= 0
                        ? i : throw new TokenizerFormatException(path, $"{field}.id is missing or not a token id.");
                    string content = RequireString(token, "content", field, path);
                    if (content.Length == 0) throw new TokenizerFormatException(path, $"{field}.content is empty.");
                    if (!byId.TryAdd(id, content) && byId[id] != content)
                        throw new TokenizerFormatException(path, $"{field} gives id {id} to \"{content}\", but model.vocab has \"{byId[id]}\" there.");
                    added.Add((content, id));
                    if (token.TryGetProperty("special", out JsonElement s) && s.ValueKind == JsonValueKind.True) specialIds.Add(id);
                }
            }
            if (byId.Count == 0) throw new TokenizerFormatException(path, "the vocabulary is empty.");
            int count = byId.Keys.Max() + 1;
            if (byId.Count != count) throw new TokenizerFormatException(path, $"token ids are not contiguous: {byId.Count} tokens but the largest id is {count - 1}.");

            string unkToken = model.TryGetProperty("unk_token", out JsonElement u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "<unk>";
            var pieces = new string[count];
            var types = new PieceType[count];
            var scores = new float[count];
            for (int id = 0; id < count; id++)
            {
                string piece = byId[id];
                pieces[id] = piece;
                types[id] = piece == unkToken ? PieceType.Unknown
                    : specialIds.Contains(id) ? PieceType.Control
                    : piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece.EndsWith('>') ? PieceType.Byte
                    : PieceType.Normal;
            }

            bool byteFallback = false;
            if (model.TryGetProperty("byte_fallback", out JsonElement fallback) && fallback.ValueKind != JsonValueKind.Null)
                byteFallback = fallback.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? fallback.GetBoolean() : throw new TokenizerFormatException(path, $"model.byte_fallback is {Kind(fallback)}; it must be true or false.");

            var merges = new List<(string, string)>();
            if (model.TryGetProperty("merges", out JsonElement mergeList) && mergeList.ValueKind != JsonValueKind.Array)
                throw new TokenizerFormatException(path, $"model.merges is {Kind(mergeList)}; it must be an array of \"a b\" strings or [a, b] pairs.");
            if (mergeList.ValueKind == JsonValueKind.Array)
                foreach (JsonElement merge in mergeList.EnumerateArray())
                {
                    if (merge.ValueKind == JsonValueKind.String)
                    {
                        string text = merge.GetString()!;
                        int space = text.IndexOf(' ', 1);
                        if (space < 0) throw new TokenizerFormatException(path, $"merge {merges.Count} \"{text}\" is not two pieces separated by a space.");
                        merges.Add((text[..space], text[(space + 1)..]));
                    }
                    else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                        && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
                        merges.Add((merge[0].GetString()!, merge[1].GetString()!));
                    else throw new TokenizerFormatException(path, $"model.merges[{merges.Count}] is neither \"a b\" nor [a, b].");
                }
            // SentencePiece-style scores for export: a piece made by merge r scores -r, so merging by score = merging by rank.
            Array.Fill(scores, -1e9f);
            var idOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int id = 0; id < count; id++) idOf.TryAdd(pieces[id], id);
            // As Hugging Face's BPE builder: a merge can only join pieces of the vocabulary into one.
            for (int r = 0; r < merges.Count; r++)
                foreach (string piece in (ReadOnlySpan<string>)[merges[r].Item1, merges[r].Item2, merges[r].Item1 + merges[r].Item2])
                    if (!idOf.ContainsKey(piece))
                        throw new TokenizerFormatException(path, $"model.merges[{r}] (\"{merges[r].Item1} {merges[r].Item2}\") needs \"{piece}\", which is not in model.vocab.");
            if (byteFallback && !idOf.ContainsKey("<0x00>"))
                throw new TokenizerFormatException(path, "model.byte_fallback is true but model.vocab has no <0x00>..<0xFF> byte pieces.");
            for (int r = merges.Count - 1; r >= 0; r--)
                if (idOf.TryGetValue(merges[r].Item1 + merges[r].Item2, out int made)) scores[made] = -r;

            int IdOf(string piece, int fallback) => idOf.TryGetValue(piece, out int id) ? id : fallback;
            var vocabulary = new Vocabulary(pieces, scores, types, IdOf(unkToken, 0), IdOf("<s>", 1 % count), IdOf("</s>", 2 % count), path);
            return new Contents(vocabulary, merges, ReadPrefix(root, path), added);
        }
    }

    private static PrefixScheme ReadPrefix(JsonElement root, string path)
    {
        if (root.TryGetProperty("normalizer", out JsonElement n) && n.ValueKind == JsonValueKind.Object)
        {
            bool prepend = false, replace = false;
            foreach (JsonElement step in Steps(n, "normalizers", "normalizer", path))
            {
                string type = RequireString(step, "type", "normalizer", path);
                if (type == "Prepend") prepend = true;
                else if (type == "Replace") replace = true;
                else throw new TokenizerFormatException(path, $"uses a {type} normalizer; EdgeMmf implements Llama's Prepend('▁') + Replace(' ', '▁').");
            }
            if (!replace) throw new TokenizerFormatException(path, "does not replace spaces by '▁'; EdgeMmf implements Llama-style tokenizers.");
            return prepend ? PrefixScheme.EverySegment : PrefixScheme.Never;
        }
        if (root.TryGetProperty("pre_tokenizer", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonElement step in Steps(p, "pretokenizers", "pre_tokenizer", path))
            {
                string type = RequireString(step, "type", "pre_tokenizer", path);
                if (type != "Metaspace")
                    throw new TokenizerFormatException(path, $"uses a {type} pre-tokenizer; EdgeMmf implements Metaspace.");
                if (step.TryGetProperty("split", out JsonElement split) && split.ValueKind == JsonValueKind.True)
                    throw new TokenizerFormatException(path, "uses a splitting Metaspace pre-tokenizer, which Llama tokenizers do not.");
                string scheme = step.TryGetProperty("prepend_scheme", out JsonElement s) && s.ValueKind != JsonValueKind.Null
                    ? RequireString(step, "prepend_scheme", "pre_tokenizer", path) : "always";
                return scheme switch { "first" => PrefixScheme.FirstSegment, "never" => PrefixScheme.Never, _ => PrefixScheme.EverySegment };
            }
        }
        return PrefixScheme.Never;
    }

    private static List<JsonElement> Steps(JsonElement element, string listName, string field, string path)
    {
        if (RequireString(element, "type", field, path) != "Sequence") return [element];
        if (!element.TryGetProperty(listName, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            throw new TokenizerFormatException(path, $"{field}.{listName} must be an array.");
        var steps = new List<JsonElement>();
        foreach (JsonElement step in list.EnumerateArray())
            steps.Add(step.ValueKind == JsonValueKind.Object ? step : throw new TokenizerFormatException(path, $"{field}.{listName}[{steps.Count}] is {Kind(step)}; it must be an object."));
        return steps;
    }

    private static string RequireString(JsonElement element, string name, string field, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()! : throw new TokenizerFormatException(path, $"{field}.{name} is missing or not a string.");

    /// <summary>"a string", "a number", ...: what a JSON value is, for messages.</summary>
    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

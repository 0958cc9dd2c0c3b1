using System.Text.Json;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of the Llama kind: a BPE model (vocab, merges, byte_fallback),
/// added tokens, and either the legacy normalizer (Prepend '▁' + Replace ' ' by '▁') or a Metaspace
/// pre-tokenizer with a prepend_scheme. Anything else is refused by name rather than guessed at.
/// </summary>
public static class HfTokenizerJsonReader
{
    public sealed record Contents(Vocabulary Vocabulary, List<(string Left, string Right)> Merges, PrefixScheme Prefix, List<(string Text, int Id)> AddedTokens);

    public static Contents Read(string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllBytes(path)); }
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
                throw new TokenizerFormatException(path, "model.vocab is missing.");

            var byId = new Dictionary<int, string>();
            foreach (JsonProperty entry in vocab.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                    throw new TokenizerFormatException(path, $"model.vocab[\"{entry.Name}\"] is not a token id.");
                if (!byId.TryAdd(id, entry.Name)) throw new TokenizerFormatException(path, $"token id {id} appears twice in model.vocab.");
            }
            var added = new List<(string, int)>();
            var specialIds = new HashSet<int>();
            if (root.TryGetProperty("added_tokens", out JsonElement addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
                foreach (JsonElement token in addedTokens.EnumerateArray())
                {
                    int id = token.GetProperty("id").GetInt32();
                    string content = token.GetProperty("content").GetString() ?? "";
                    byId.TryAdd(id, content);
                    added.Add((content, id));
                    if (token.TryGetProperty("special", out JsonElement s) && s.ValueKind == JsonValueKind.True) specialIds.Add(id);
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

            var merges = new List<(string, string)>();
            if (model.TryGetProperty("merges", out JsonElement mergeList) && mergeList.ValueKind == JsonValueKind.Array)
                foreach (JsonElement merge in mergeList.EnumerateArray())
                {
                    if (merge.ValueKind == JsonValueKind.String)
                    {
                        string text = merge.GetString()!;
                        int space = text.IndexOf(' ', 1);
                        if (space < 0) throw new TokenizerFormatException(path, $"merge {merges.Count} \"{text}\" is not two pieces separated by a space.");
                        merges.Add((text[..space], text[(space + 1)..]));
                    }
                    else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
                        merges.Add((merge[0].GetString() ?? "", merge[1].GetString() ?? ""));
                    else throw new TokenizerFormatException(path, $"merge {merges.Count} is neither \"a b\" nor [a, b].");
                }
            // SentencePiece-style scores for export: a piece made by merge r scores -r, so merging by score = merging by rank.
            Array.Fill(scores, -1e9f);
            var idOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int id = 0; id < count; id++) idOf.TryAdd(pieces[id], id);
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
            foreach (JsonElement step in Steps(n, "normalizers"))
            {
                string type = step.GetProperty("type").GetString() ?? "";
                if (type == "Prepend") prepend = true;
                else if (type == "Replace") replace = true;
                else throw new TokenizerFormatException(path, $"uses a {type} normalizer; EdgeMmf implements Llama's Prepend('▁') + Replace(' ', '▁').");
            }
            if (!replace) throw new TokenizerFormatException(path, "does not replace spaces by '▁'; EdgeMmf implements Llama-style tokenizers.");
            return prepend ? PrefixScheme.EverySegment : PrefixScheme.Never;
        }
        if (root.TryGetProperty("pre_tokenizer", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonElement step in Steps(p, "pretokenizers"))
            {
                if (step.GetProperty("type").GetString() != "Metaspace")
                    throw new TokenizerFormatException(path, $"uses a {step.GetProperty("type").GetString()} pre-tokenizer; EdgeMmf implements Metaspace.");
                if (step.TryGetProperty("split", out JsonElement split) && split.ValueKind == JsonValueKind.True)
                    throw new TokenizerFormatException(path, "uses a splitting Metaspace pre-tokenizer, which Llama tokenizers do not.");
                string scheme = step.TryGetProperty("prepend_scheme", out JsonElement s) ? s.GetString() ?? "always" : "always";
                return scheme switch { "first" => PrefixScheme.FirstSegment, "never" => PrefixScheme.Never, _ => PrefixScheme.EverySegment };
            }
        }
        return PrefixScheme.Never;
    }

    private static IEnumerable<JsonElement> Steps(JsonElement element, string listName)
    {
        if (element.GetProperty("type").GetString() == "Sequence")
        {
            foreach (JsonElement step in element.GetProperty(listName).EnumerateArray()) yield return step;
        }
        else yield return element;
    }
}

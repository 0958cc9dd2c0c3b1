using System.Text;
using System.Text.Json.Nodes;

namespace EdgeMmf.Runtime.Tests;

/// <summary>
/// Deterministic mutations of a JSON file for fuzz tests: byte flips and truncation (mostly invalid JSON), and
/// structure-aware edits that keep it valid JSON but put hostile values where a reader expects others.
/// </summary>
internal static class JsonMutator
{
    public const int Kinds = 6;

    /// <summary>Values a reader does not expect: other JSON kinds, edge numbers, control characters, byte-piece look-alikes.</summary>
    private static readonly string[] Hostile =
    [
        "[]", "{}", "null", "true", "0", "-1", "2147483647", "-2147483649", "1e999", "3.5", "\"\"", "\"a b\"", "\"<0x41>\"", "\"<0xZZ>\"",
        "\"\\u001b[31mred\\nline\"", "[1,2]", "[\"a\",\"b\"]", "[[]]", "{\"type\":\"Sequence\"}", "{\"type\":\"Metaspace\",\"prepend_scheme\":5}",
        "\"NaN\"", "[\"\\u0000\"]", "{\"id\":\"x\",\"content\":7}",
    ];

    /// <summary>Kinds: 0 byte flips, 1 truncation, 2 a value replaced, 3 a member removed, 4 a hostile member added, 5 a string replaced.</summary>
    public static byte[] Mutate(byte[] original, int kind, Random random)
    {
        switch (kind)
        {
            case 0:
            {
                byte[] m = (byte[])original.Clone();
                for (int k = random.Next(1, 5); k > 0; k--) m[random.Next(m.Length)] ^= (byte)(1 << random.Next(8));
                return m;
            }
            case 1:
                return original[..random.Next(original.Length)];
        }
        JsonNode root = JsonNode.Parse(original)!;
        JsonNode target = Walk(root, random);
        JsonNode value = JsonNode.Parse(Hostile[random.Next(Hostile.Length)])!;
        switch (kind)
        {
            case 2 when target.Parent is not null:
                Replace(target, value);
                break;
            case 3 when target.Parent is JsonObject o:
                o.Remove(target.GetPropertyName());
                break;
            case 3 when target.Parent is JsonArray a:
                a.RemoveAt(target.GetElementIndex());
                break;
            case 4 when target is JsonObject o:
                o[random.Next(3) switch { 0 => "merges", 1 => "\u001b]0;x\u0007", _ => "type" }] = value;
                break;
            case 4 when target is JsonArray a:
                a.Insert(random.Next(a.Count + 1), value);
                break;
            default:
                // 5 and the cases above that found no place: replace a string leaf, or the root's first member.
                if (target.Parent is not null) Replace(target, random.Next(2) == 0 ? value : JsonValue.Create(RandomText(random)));
                else if (root is JsonObject r && r.Count > 0) r[r.First().Key] = value;
                break;
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>A random node: from the root, step to a random child until a leaf or a coin says stop.</summary>
    private static JsonNode Walk(JsonNode node, Random random)
    {
        while (true)
        {
            JsonNode? next = node switch
            {
                JsonObject o when o.Count > 0 => o.ElementAt(random.Next(o.Count)).Value,
                JsonArray a when a.Count > 0 => a[random.Next(a.Count)],
                _ => null,
            };
            if (next is null || (node.Parent is not null && random.Next(4) == 0)) return node;
            node = next;
        }
    }

    private static void Replace(JsonNode target, JsonNode value)
    {
        if (target.Parent is JsonObject o) o[target.GetPropertyName()] = value;
        else if (target.Parent is JsonArray a) a[target.GetElementIndex()] = value;
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (int k = random.Next(0, 8); k > 0; k--)
            text.Append(random.Next(4) switch { 0 => (char)random.Next(0, 32), 1 => (char)random.Next(0x80, 0xA0), 2 => '▁', _ => (char)random.Next('a', 'z') });
        return text.ToString();
    }
}

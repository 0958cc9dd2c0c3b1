using System.Text.Json.Nodes;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Tokenization;

/// <summary>Tokenizer files that load but would tokenize wrongly, or fail midway through a text, are refused at load naming the field.</summary>
[TestClass]
public sealed class TokenizerValidationTests
{
    private static string WriteJson(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestData.Path("tokenizer", "demo", "tokenizer.json")))!.AsObject();
        edit(root);
        string directory = Path.Combine(Path.GetTempPath(), "edgemmf-tokv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private static string Refused(Action<JsonObject> edit)
    {
        string path = WriteJson(edit);
        var e = Assert.ThrowsExactly<TokenizerFormatException>(() => Tokenizer.Load(path));
        StringAssert.Contains(e.Message, path);
        Assert.IsFalse(e.Message.Contains('\n'), e.Message);
        return e.Message;
    }

    private static JsonObject Model(JsonObject root) => root["model"]!.AsObject();

    [TestMethod]
    public void Unchanged_Loads() => Assert.AreEqual(4096, Tokenizer.Load(WriteJson(_ => { })).VocabularySize);

    [TestMethod]
    public void MergesAsAString_IsRefusedNamingTheField() =>
        StringAssert.Contains(Refused(r => Model(r)["merges"] = "a b"), "model.merges is a string");

    [TestMethod]
    public void MergePairOfNumbers_IsRefused() =>
        StringAssert.Contains(Refused(r => Model(r)["merges"]!.AsArray().Insert(0, new JsonArray(1, 2))), "model.merges[0]");

    [TestMethod]
    public void VocabAsAnArray_IsRefused() =>
        StringAssert.Contains(Refused(r => Model(r)["vocab"] = new JsonArray("a")), "model.vocab");

    [TestMethod]
    public void ByteFallbackNotABoolean_IsRefused() =>
        StringAssert.Contains(Refused(r => Model(r)["byte_fallback"] = "yes"), "model.byte_fallback");

    [TestMethod]
    public void AddedTokensNotAnArray_IsRefused() =>
        StringAssert.Contains(Refused(r => r["added_tokens"] = new JsonObject()), "added_tokens");

    [TestMethod]
    public void AddedTokenWithoutId_IsRefused() =>
        StringAssert.Contains(Refused(r => r["added_tokens"]!.AsArray()[1]!.AsObject().Remove("id")), "added_tokens[1].id");

    [TestMethod]
    public void DuplicateBytePiece_IsRefusedNamingTheByte()
    {
        // <0x41> spelled twice (hex case differs, so the JSON keys differ): byte 0x41 would have two ids.
        string message = Refused(r =>
        {
            JsonObject vocab = Model(r)["vocab"]!.AsObject();
            int id = vocab["<0x42>"]!.GetValue<int>();
            vocab.Remove("<0x42>");
            vocab["<0x4a>"] = id;
        });
        StringAssert.Contains(message, "0x4A");
    }

    [TestMethod]
    public void MalformedBytePiece_IsRefused()
    {
        string message = Refused(r =>
        {
            JsonObject vocab = Model(r)["vocab"]!.AsObject();
            int id = vocab["<0x7F>"]!.GetValue<int>();
            vocab.Remove("<0x7F>");
            vocab["<0xZZ>"] = id;
        });
        StringAssert.Contains(message, "<0xZZ>");
    }

    [TestMethod]
    public void MissingBytePiece_IsRefusedNamingTheByte()
    {
        string message = Refused(r =>
        {
            JsonObject vocab = Model(r)["vocab"]!.AsObject();
            int id = vocab["<0xC3>"]!.GetValue<int>();
            vocab.Remove("<0xC3>");
            vocab["not-a-byte"] = id;
        });
        StringAssert.Contains(message, "byte 0xC3");
    }

    [TestMethod]
    public void PrependSchemeNotAString_IsRefused() => StringAssert.Contains(Refused(r =>
    {
        r.Remove("normalizer");
        r["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["prepend_scheme"] = 3 };
    }), "pre_tokenizer.prepend_scheme");

    private static string[] Pieces(int count, Func<int, string>? piece = null) =>
        Enumerable.Range(0, count).Select(k => piece?.Invoke(k) ?? k switch { 0 => "<unk>", 1 => "<s>", 2 => "</s>", _ => "▁p" + k }).ToArray();

    private static int[] Types(int count) => Enumerable.Range(0, count).Select(k => k switch { 0 => 2, 1 or 2 => 3, _ => 1 }).ToArray();

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.NegativeInfinity)]
    public void NonFiniteScore_IsRefusedNamingThePiece(float bad)
    {
        float[] scores = Enumerable.Range(0, 10).Select(k => -(float)k).ToArray();
        scores[7] = bad;
        var e = Assert.ThrowsExactly<TokenizerFormatException>(() => Tokenizer.FromSentencePiecePieces(Pieces(10), scores, Types(10), 0, 1, 2, true, false, "t.gguf"));
        StringAssert.Contains(e.Message, "piece 7");
        StringAssert.Contains(e.Message, "finite");
    }

    [TestMethod]
    public void DuplicatePiece_IsRefusedNamingBothIds()
    {
        var e = Assert.ThrowsExactly<TokenizerFormatException>(() => Tokenizer.FromSentencePiecePieces(
            Pieces(10, k => k == 8 ? "▁p5" : null!), new float[10], Types(10), 0, 1, 2, true, false, "t.gguf"));
        StringAssert.Contains(e.Message, "ids 5 and 8");
    }
}

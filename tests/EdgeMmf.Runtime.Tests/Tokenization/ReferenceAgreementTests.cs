using System.Text.Json;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Tokenization;

/// <summary>
/// Ids against independent implementations: tests/data/tokenizer/*/expected.jsonl holds, for 2000 strings,
/// the ids of Hugging Face `tokenizers` ("ids") and of `sentencepiece` ("ids_sp"), made on a GPU machine
/// (tests/data/README.md). The two differ only where a special token is written in the text, which
/// Hugging Face splits out and sentencepiece spells as characters.
/// </summary>
[TestClass]
public sealed class ReferenceAgreementTests
{
    public TestContext TestContext { get; set; } = null!;

    internal sealed record Case(string Text, int[] Ids, int[] IdsSp, string Decoded);

    internal static List<Case> Cases(string name)
    {
        var cases = new List<Case>();
        foreach (string line in File.ReadLines(TestData.Path("tokenizer", name, "expected.jsonl")))
        {
            using JsonDocument d = JsonDocument.Parse(line);
            JsonElement r = d.RootElement;
            cases.Add(new Case(r.GetProperty("text").GetString()!, r.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                r.GetProperty("ids_sp").EnumerateArray().Select(e => e.GetInt32()).ToArray(), r.GetProperty("decoded").GetString()!));
        }
        return cases;
    }

    private static string Show(string text) => "\"" + string.Concat(text.Select(ch => ch < ' ' ? $"\\u{(int)ch:x4}" : ch.ToString())) + "\"";

    private static bool HasLiteralSpecial(string text) => text.Contains("<s>") || text.Contains("</s>") || text.Contains("<unk>");

    private void CheckAll(Tokenizer tokenizer, List<Case> cases, string label)
    {
        int encoded = 0, decoded = 0, sentencepiece = 0, plain = 0;
        var failures = new List<string>();
        foreach (Case c in cases)
        {
            int[] ids = tokenizer.EncodeToIds(c.Text, addSpecialTokens: false);
            if (ids.AsSpan().SequenceEqual(c.Ids)) encoded++;
            else if (failures.Count < 5) failures.Add($"{Show(c.Text)}: expected [{string.Join(',', c.Ids)}] got [{string.Join(',', ids)}]");
            if (tokenizer.Decode(c.Ids) == c.Decoded) decoded++;
            else if (failures.Count < 5) failures.Add($"decode {Show(c.Text)}: expected {Show(c.Decoded)} got {Show(tokenizer.Decode(c.Ids))}");
            if (!HasLiteralSpecial(c.Text))
            {
                plain++;
                if (ids.AsSpan().SequenceEqual(c.IdsSp)) sentencepiece++;
            }
        }
        TestContext.WriteLine($"{label}: encode {encoded}/{cases.Count} equal to HF tokenizers, decode {decoded}/{cases.Count}, " +
            $"{sentencepiece}/{plain} equal to sentencepiece on strings without literal special tokens");
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.AreEqual(plain, sentencepiece);
    }

    [TestMethod]
    [DataRow("tokenizer.json")]
    [DataRow("tokenizer.model")]
    public void DemoTokenizer_MatchesHuggingFaceAndSentencePiece(string file) =>
        CheckAll(Tokenizer.Load(TestData.Path("tokenizer", "demo", file)), Cases("demo"), "demo " + file);

    [TestMethod]
    public void Llama2Vocabulary_MatchesHuggingFaceAndSentencePiece()
    {
        // Llama 2's tokenizer.model is not redistributed here; point EDGEMMF_LLAMA2_TOKENIZER at a copy.
        string? path = Environment.GetEnvironmentVariable("EDGEMMF_LLAMA2_TOKENIZER");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            Assert.Inconclusive("set EDGEMMF_LLAMA2_TOKENIZER to Llama 2's tokenizer.model (or tokenizer.json) to run this check");
        CheckAll(Tokenizer.Load(path), Cases("llama2"), "llama2 " + Path.GetFileName(path));
    }

    [TestMethod]
    public void ExportedPieces_EncodeExactlyLikeTheTokenizerJson()
    {
        Tokenizer json = Tokenizer.Load(TestData.Path("tokenizer", "demo", "tokenizer.json"));
        var (pieces, scores, types) = json.ToSentencePiecePieces();
        Tokenizer fromArrays = Tokenizer.FromSentencePiecePieces(pieces, scores, types, json.UnkId, json.BosId, json.EosId, json.AddBos, json.AddEos);
        int equal = 0;
        List<Case> cases = Cases("demo");
        foreach (Case c in cases)
            if (fromArrays.EncodeToIds(c.Text, false).AsSpan().SequenceEqual(json.EncodeToIds(c.Text, false))) equal++;
        Assert.AreEqual(cases.Count, equal);
    }
}

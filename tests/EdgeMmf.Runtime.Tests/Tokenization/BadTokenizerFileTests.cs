using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Tokenization;

[TestClass]
public sealed class BadTokenizerFileTests
{
    private static string Write(string name, byte[] bytes)
    {
        string directory = Path.Combine(Path.GetTempPath(), "edgemmf-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static TokenizerFormatException Refused(string path) => Assert.ThrowsExactly<TokenizerFormatException>(() => Tokenizer.Load(path));

    [TestMethod]
    public void TruncatedJson_IsRefusedNamingTheFile()
    {
        byte[] json = File.ReadAllBytes(TestData.Path("tokenizer", "demo", "tokenizer.json"));
        string path = Write("tokenizer.json", json[..(json.Length / 2)]);
        TokenizerFormatException e = Refused(path);
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "JSON");
    }

    [TestMethod]
    public void MergeNamingAMissingPiece_IsRefused()
    {
        string json = File.ReadAllText(TestData.Path("tokenizer", "demo", "tokenizer.json"));
        int at = json.IndexOf("\"merges\"", StringComparison.Ordinal);
        json = json[..at] + "\"merges\": [\"qqqzz xxxyy\"," + json[(json.IndexOf('[', at) + 1)..];
        StringAssert.Contains(Refused(Write("tokenizer.json", System.Text.Encoding.UTF8.GetBytes(json))).Message, "qqqzz");
    }

    [TestMethod]
    public void EmptyVocabulary_IsRefused() =>
        StringAssert.Contains(Refused(Write("tokenizer.json", "{\"model\":{\"type\":\"BPE\",\"vocab\":{},\"merges\":[]}}"u8.ToArray())).Message, "empty");

    [TestMethod]
    public void UnigramModel_IsRefusedByName() =>
        StringAssert.Contains(Refused(Write("tokenizer.json", "{\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}"u8.ToArray())).Message, "Unigram");

    [TestMethod]
    [DataRow(new byte[] { 0x0A, 0x80 })]                  // length varint runs past the end
    [DataRow(new byte[] { 0x0A, 0x7F, 0x01 })]            // 127-byte field in a 3-byte file
    [DataRow(new byte[] { 0x0F, 0x00 })]                  // wire type 7
    [DataRow(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]      // a PNG header
    [DataRow(new byte[0])]                                 // empty
    public void NotASentencePieceModel_IsRefused(byte[] bytes) =>
        StringAssert.Contains(Refused(Write("tokenizer.model", bytes)).Message, "tokenizer.model");

    [TestMethod]
    public void TruncatedModel_IsRefused()
    {
        byte[] model = File.ReadAllBytes(TestData.Path("tokenizer", "demo", "tokenizer.model"));
        Refused(Write("tokenizer.model", model[..(model.Length - 37)]));
    }

    [TestMethod]
    public void DirectoryWithoutTokenizer_SaysWhatToDo()
    {
        string directory = Path.GetDirectoryName(Write("config.json", "{}"u8.ToArray()))!;
        StringAssert.Contains(Refused(directory).Message, "tokenizer.json or tokenizer.model");
    }
}

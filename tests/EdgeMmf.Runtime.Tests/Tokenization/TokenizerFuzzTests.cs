using EdgeMmf.Text;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Tokenization;

/// <summary>
/// Deterministic mutation fuzzing of the demo tokenizer files, in the style of the GGUF fuzz: every mutant must
/// either load (and then encode and decode a text with awkward characters) or be refused with
/// <see cref="TokenizerFormatException"/> whose message is one printable line; anything else fails with the case to replay.
/// </summary>
[TestClass]
public sealed class TokenizerFuzzTests
{
    private const int JsonCases = 600;
    private const int ModelCases = 1200;
    private const int Seed = 20261204;
    private const string Text = "Hello wörld\t\u0001 ünïcödé 你好 <s> </s> 🙂 ▁▁";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LoadMutatedTokenizerJson_OnlyEverRefusesWithOneLine() =>
        Fuzz("tokenizer.json", JsonCases, (bytes, kind, random) => JsonMutator.Mutate(bytes, kind, random), JsonMutator.Kinds);

    [TestMethod]
    public void LoadMutatedSentencePieceModel_OnlyEverRefusesWithOneLine() =>
        Fuzz("tokenizer.model", ModelCases, MutateBytes, 4);

    private void Fuzz(string name, int cases, Func<byte[], int, Random, byte[]> mutate, int kinds)
    {
        byte[] original = File.ReadAllBytes(TestData.Path("tokenizer", "demo", name));
        string directory = Path.Combine(Path.GetTempPath(), "edgemmf-tokfuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        var random = new Random(Seed);
        int loaded = 0, refused = 0;
        try
        {
            for (int c = 0; c < cases; c++)
            {
                int kind = c % kinds;
                File.WriteAllBytes(path, mutate(original, kind, random));
                try
                {
                    Tokenizer tokenizer = Tokenizer.Load(path);
                    int[] ids = tokenizer.EncodeToIds(Text);
                    foreach (int id in ids) Assert.IsTrue((uint)id < (uint)tokenizer.VocabularySize, $"case {c}: id {id} outside the vocabulary");
                    tokenizer.Decode(ids);
                    loaded++;
                }
                catch (TokenizerFormatException e)
                {
                    refused++;
                    Assert.IsFalse(e.Message.Any(TerminalText.NeedsEscape), $"case {c} (kind {kind}): the message is not one printable line: {e.Message}");
                }
                catch (Exception e) when (e is not AssertFailedException)
                {
                    Assert.Fail($"case {c} (mutation kind {kind}, seed {Seed}) of {name} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        TestContext.WriteLine($"{cases} mutants of {name}: {loaded} loaded, {refused} refused.");
        Assert.AreEqual(cases, loaded + refused);
        Assert.IsGreaterThan(cases / 10, refused, "most mutations should be refused");
    }

    /// <summary>Kinds: 0 bit flips, 1 truncation, 2 a byte set to 0/0x7F/0xFF, 3 a varint inflated to ten bytes of 0xFF.</summary>
    private static byte[] MutateBytes(byte[] original, int kind, Random random)
    {
        byte[] m = (byte[])original.Clone();
        switch (kind)
        {
            case 0:
                for (int k = random.Next(1, 5); k > 0; k--) m[random.Next(m.Length)] ^= (byte)(1 << random.Next(8));
                return m;
            case 1:
                return m[..random.Next(m.Length)];
            case 2:
                m[random.Next(m.Length)] = random.Next(3) switch { 0 => (byte)0, 1 => (byte)0x7F, _ => (byte)0xFF };
                return m;
            default:
                int at = random.Next(m.Length - 10);
                for (int k = 0; k < 9; k++) m[at + k] = 0xFF;
                m[at + 9] = 0x01;
                return m;
        }
    }
}

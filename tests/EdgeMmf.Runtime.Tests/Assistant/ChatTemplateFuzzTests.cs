using System.Text;
using EdgeMmf.Runtime.Assistant;
using EdgeMmf.Text;

namespace EdgeMmf.Runtime.Tests.Assistant;

/// <summary>
/// Chat template files: valid JSON that is not an object is refused by name, and deterministic mutations of a
/// valid template either load or are refused with <see cref="InvalidDataException"/> on one printable line.
/// </summary>
[TestClass]
public sealed class ChatTemplateFuzzTests
{
    private const int Cases = 3000;
    private const int Seed = 20261205;

    private static readonly byte[] Valid = Encoding.UTF8.GetBytes(
        "{\"system_prefix\":\"System: \",\"user_prefix\":\"<|user|>\\n\",\"assistant_prefix\":\"<|assistant|>\\n\",\"turn_separator\":\"\\n\",\"stop_strings\":[\"<|user|>\",\"\\nUser:\"]}");

    public TestContext TestContext { get; set; } = null!;

    private static string Write(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemmf-template-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    [DataRow("[]", "array")]
    [DataRow("\"User:\"", "string")]
    [DataRow("42", "number")]
    [DataRow("null", "null")]
    public void Load_JsonThatIsNotAnObject_IsRefusedByName(string json, string kind)
    {
        string path = Write(Encoding.UTF8.GetBytes(json));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ChatTemplate.Load(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, $"holds a JSON {kind}");
        File.Delete(path);
    }

    [TestMethod]
    public void LoadMutatedTemplates_OnlyEverRefusesWithOneLine()
    {
        Assert.AreEqual("System: ", ChatTemplate.Load(Write(Valid)).SystemPrefix);
        var random = new Random(Seed);
        string path = Write(Valid);
        int loaded = 0, refused = 0;
        for (int c = 0; c < Cases; c++)
        {
            int kind = c % JsonMutator.Kinds;
            File.WriteAllBytes(path, JsonMutator.Mutate(Valid, kind, random));
            try
            {
                ChatTemplate.Load(path);
                loaded++;
            }
            catch (InvalidDataException e)
            {
                refused++;
                Assert.IsFalse(e.Message.Any(TerminalText.NeedsEscape), $"case {c} (kind {kind}): the message is not one printable line: {e.Message}");
            }
            catch (Exception e) when (e is not AssertFailedException)
            {
                Assert.Fail($"case {c} (mutation kind {kind}, seed {Seed}) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        File.Delete(path);
        TestContext.WriteLine($"{Cases} mutants of a chat template: {loaded} loaded, {refused} refused.");
        Assert.AreEqual(Cases, loaded + refused);
        Assert.IsGreaterThan(Cases / 10, refused);
    }
}

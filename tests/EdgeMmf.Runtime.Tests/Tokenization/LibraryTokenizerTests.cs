using EdgeMmf.Runtime.Tokenization;
using Microsoft.ML.Tokenizers;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace EdgeMmf.Runtime.Tests.Tokenization;

/// <summary>
/// EdgeMmf's tokenizer through Microsoft.ML.Tokenizers' own API, and the library's LlamaTokenizer against
/// Hugging Face's ids on the same 2000-string set (the reason EdgeMmf keeps its own BPE model).
/// </summary>
[TestClass]
public sealed class LibraryTokenizerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void LibraryApi_GivesHuggingFaceIds_OnTheDemoSet()
    {
        MlTokenizer tokenizer = EdgeMmf.Runtime.Tokenization.Tokenizer.Load(TestData.Path("tokenizer", "demo", "tokenizer.model"));
        foreach (ReferenceAgreementTests.Case c in ReferenceAgreementTests.Cases("demo"))
        {
            CollectionAssert.AreEqual(c.Ids, tokenizer.EncodeToIds(c.Text).ToArray(), c.Text);
            Assert.AreEqual(c.Ids.Length, tokenizer.CountTokens(c.Text), c.Text);
            Assert.AreEqual(c.Decoded, tokenizer.Decode(c.Ids), c.Text);
        }
    }

    [TestMethod]
    public void LibraryApi_TokensCarryOffsets_AndIndexByTokenCountCutsAtABoundary()
    {
        MlTokenizer tokenizer = EdgeMmf.Runtime.Tokenization.Tokenizer.Load(TestData.Path("tokenizer", "demo", "tokenizer.model"));
        const string text = "Hello world, hello tokenizer";
        IReadOnlyList<EncodedToken> tokens = tokenizer.EncodeToTokens(text, out _);
        Assert.AreEqual(0, tokens[0].Offset.Start.Value);
        Assert.AreEqual(text.Length, tokens[^1].Offset.End.Value);
        for (int i = 1; i < tokens.Count; i++) Assert.AreEqual(tokens[i - 1].Offset.End.Value, tokens[i].Offset.Start.Value);

        int index = tokenizer.GetIndexByTokenCount(text, 2, out _, out int count);
        Assert.AreEqual(2, count);
        Assert.AreEqual(tokens[1].Offset.End.Value, index);
        Assert.AreEqual(tokens.Count, tokenizer.CountTokens(text));

        Span<char> small = stackalloc char[3];
        Assert.AreEqual(System.Buffers.OperationStatus.DestinationTooSmall,
            tokenizer.Decode(tokenizer.EncodeToIds(text), small, out int consumed, out int written));
        Assert.IsLessThanOrEqualTo(3, written);
        Assert.IsLessThan(tokens.Count, consumed);
    }

    /// <summary>
    /// The library's LlamaTokenizer on the same SentencePiece model: where it differs from Hugging Face, EdgeMmf
    /// keeps its own BpeModel. If this fails, the library now agrees and that model can go.
    /// </summary>
    [TestMethod]
    public void LibraryLlamaTokenizer_DiffersFromHuggingFace_OnTheDemoSet()
    {
        using Stream model = File.OpenRead(TestData.Path("tokenizer", "demo", "tokenizer.model"));
        LlamaTokenizer library = LlamaTokenizer.Create(model, addBeginOfSentence: false);
        int equal = 0, plain = 0, plainEqual = 0;
        string? firstMiss = null;
        List<ReferenceAgreementTests.Case> cases = ReferenceAgreementTests.Cases("demo");
        foreach (ReferenceAgreementTests.Case c in cases)
        {
            int[] ids = library.EncodeToIds(c.Text).ToArray();
            bool literalSpecial = c.Text.Contains("<s>") || c.Text.Contains("</s>") || c.Text.Contains("<unk>");
            if (!literalSpecial) plain++;
            if (ids.AsSpan().SequenceEqual(c.Ids)) { equal++; if (!literalSpecial) plainEqual++; }
            else if (!literalSpecial) firstMiss ??= $"\"{c.Text}\": HF [{string.Join(',', c.Ids)}] library [{string.Join(',', ids)}]";
        }
        TestContext.WriteLine($"LlamaTokenizer: {equal}/{cases.Count} equal to HF tokenizers, {plainEqual}/{plain} on strings without a literal special token; first such miss {firstMiss}");
        Assert.IsNotNull(firstMiss, "Microsoft.ML.Tokenizers' LlamaTokenizer now matches every string: drop EdgeMmf's BpeModel.");
    }
}

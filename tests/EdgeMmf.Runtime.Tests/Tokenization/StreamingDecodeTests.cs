using System.Text;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Tokenization;

[TestClass]
public sealed class StreamingDecodeTests
{
    private static readonly Tokenizer Demo = Tokenizer.Load(TestData.Path("tokenizer", "demo", "tokenizer.model"));

    [TestMethod]
    public void Stream_EveryCorpusString_EqualsDecodeOfAllIds()
    {
        TokenStreamDecoder decoder = Demo.CreateStreamDecoder();
        var buffer = new char[decoder.MaxCharsPerToken];
        foreach (var c in ReferenceAgreementTests.Cases("demo"))
        {
            decoder.Reset();
            var streamed = new StringBuilder();
            foreach (int id in c.Ids) streamed.Append(buffer, 0, decoder.Append(id, buffer));
            streamed.Append(buffer, 0, decoder.Flush(buffer));
            Assert.AreEqual(Demo.Decode(c.Ids), streamed.ToString(), c.Text);
        }
    }

    [TestMethod]
    public void Stream_CharacterSplitAcrossBytePieces_IsNeverPrintedHalf()
    {
        int[] ids = Demo.EncodeToIds("A 😀 B", addSpecialTokens: false);   // the emoji is 4 byte-fallback pieces
        TokenStreamDecoder decoder = Demo.CreateStreamDecoder();
        var buffer = new char[decoder.MaxCharsPerToken];
        var pieces = new List<string>();
        foreach (int id in ids) pieces.Add(new string(buffer, 0, decoder.Append(id, buffer)));
        Assert.IsTrue(pieces.Count(p => p.Length == 0) >= 3, "the first three bytes of the emoji print nothing");
        Assert.IsTrue(pieces.Any(p => p.Contains("😀")), string.Join("|", pieces));
        Assert.IsFalse(pieces.Any(p => p.Contains('\uFFFD')));
        Assert.AreEqual("A 😀 B", string.Concat(pieces));
    }

    [TestMethod]
    public void Append_AfterWarmUp_AllocatesNothing()
    {
        int[] ids = Demo.EncodeToIds("The committee said 😀 it would meet on 12 May.", addSpecialTokens: false);
        TokenStreamDecoder decoder = Demo.CreateStreamDecoder();
        var buffer = new char[decoder.MaxCharsPerToken];
        foreach (int id in ids) decoder.Append(id, buffer);
        decoder.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            foreach (int id in ids) decoder.Append(id, buffer);
            decoder.Flush(buffer);
            decoder.Reset();
        }
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void Decode_StripsOnlyTheDummyPrefixSpace()
    {
        Assert.AreEqual("Hello world", Demo.Decode(Demo.EncodeToIds("Hello world", false)));
        Assert.AreEqual(" Hello", Demo.Decode(Demo.EncodeToIds(" Hello", false)));
        Assert.AreEqual("Hello", Demo.Decode(Demo.EncodeToIds("Hello", true)));   // BOS is skipped
    }
}

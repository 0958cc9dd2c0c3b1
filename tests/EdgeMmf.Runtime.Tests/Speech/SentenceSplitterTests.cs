using EdgeMmf.Runtime.Speech;

namespace EdgeMmf.Runtime.Tests.Speech;

[TestClass]
public sealed class SentenceSplitterTests
{
    [TestMethod]
    public void Push_SentencesSplitAcrossPieces_AreEmittedAsSoonAsComplete()
    {
        var splitter = new SentenceSplitter();
        var sentences = new List<string>();
        splitter.Push("The sky is bl", sentences.Add);
        Assert.IsEmpty(sentences);
        splitter.Push("ue. It was 3.14 m", sentences.Add);
        CollectionAssert.AreEqual(new[] { "The sky is blue." }, sentences);
        splitter.Push("iles away!\nNext", sentences.Add);
        CollectionAssert.AreEqual(new[] { "The sky is blue.", "It was 3.14 miles away!" }, sentences);
        splitter.Flush(sentences.Add);
        CollectionAssert.AreEqual(new[] { "The sky is blue.", "It was 3.14 miles away!", "Next" }, sentences);
    }

    [TestMethod]
    public void Flush_WhitespaceOnly_EmitsNothing()
    {
        var splitter = new SentenceSplitter();
        var sentences = new List<string>();
        splitter.Push("  \n \n", sentences.Add);
        splitter.Flush(sentences.Add);
        Assert.IsEmpty(sentences);
    }
}

using System.Text;
using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Runtime.Tests.Generation;

[TestClass]
public sealed class StopStringMatcherTests
{
    private sealed class Collect : ITextSink
    {
        public readonly StringBuilder Text = new();
        public readonly List<string> Pieces = [];
        public void Write(ReadOnlySpan<char> text) { Text.Append(text); Pieces.Add(text.ToString()); }
    }

    [TestMethod]
    public void Push_StopStringSplitAcrossPieces_IsNeverShown()
    {
        var matcher = new StopStringMatcher(["\nUser:"], 16);
        var sink = new Collect();
        string[] pieces = ["Hello", " there", "\nUs", "er", ": more"];
        bool stopped = false;
        foreach (string piece in pieces) if (stopped = matcher.Push(piece, sink)) break;
        Assert.IsTrue(stopped);
        Assert.AreEqual("Hello there", sink.Text.ToString());
    }

    [TestMethod]
    public void Push_PrefixThatDoesNotComplete_IsReleased()
    {
        var matcher = new StopStringMatcher(["###"], 8);
        var sink = new Collect();
        Assert.IsFalse(matcher.Push("a#", sink));
        Assert.AreEqual("a", sink.Text.ToString());          // '#' may start "###": held back
        Assert.IsFalse(matcher.Push("#b", sink));
        Assert.AreEqual("a##b", sink.Text.ToString());
        matcher.Push("#", sink);
        matcher.Flush(sink);
        Assert.AreEqual("a##b#", sink.Text.ToString());
    }

    [TestMethod]
    public void Push_WithoutStopStrings_PassesTextStraightThrough()
    {
        var matcher = new StopStringMatcher([], 8);
        var sink = new Collect();
        matcher.Push("abc", sink);
        CollectionAssert.AreEqual(new[] { "abc" }, sink.Pieces);
    }
}

using EdgeMmf.Diagnostics.Benchmarking;

namespace EdgeMmf.Runtime.Tests.Benchmarking;

[TestClass]
public sealed class ThreadListTests
{
    [TestMethod]
    public void Parse_OneCount_IsThatCount()
    {
        CollectionAssert.AreEqual(new[] { 2 }, ThreadList.Parse("2", 16, out IReadOnlyList<int> capped));
        Assert.AreEqual(0, capped.Count);
    }

    [TestMethod]
    public void Parse_List_KeepsTheOrderGiven()
    {
        CollectionAssert.AreEqual(new[] { 1, 2, 4, 8, 12, 16 }, ThreadList.Parse("1,2,4,8,12,16", 16, out _));
        CollectionAssert.AreEqual(new[] { 4, 1 }, ThreadList.Parse(" 4 , 1 ", 16, out _));
    }

    [TestMethod]
    public void Parse_CountsAboveTheCpus_AreCappedOnceAndNamed()
    {
        int[] counts = ThreadList.Parse("1,2,4,8", 2, out IReadOnlyList<int> capped);
        CollectionAssert.AreEqual(new[] { 1, 2 }, counts);
        CollectionAssert.AreEqual(new[] { 4, 8 }, capped.ToArray());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("0")]
    [DataRow("-1")]
    [DataRow("1,,2")]
    [DataRow("two")]
    [DataRow("1.5")]
    public void Parse_NotACount_NamesTheEntry(string text)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => ThreadList.Parse(text, 16, out _));
        StringAssert.Contains(e.Message, "--threads");
    }
}

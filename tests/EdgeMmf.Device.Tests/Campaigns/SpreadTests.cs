using EdgeMmf.Device.Campaigns;

namespace EdgeMmf.Device.Tests.Campaigns;

[TestClass]
public sealed class SpreadTests
{
    [TestMethod]
    public void Of_FiveValuesUnordered_GivesOrderStatistics()
    {
        Spread spread = Spread.Of([5.0, 1.0, 4.0, 2.0, 3.0]);

        Assert.AreEqual(5, spread.Count);
        Assert.AreEqual(3.0, spread.Median);
        Assert.AreEqual(2.0, spread.P25);
        Assert.AreEqual(4.0, spread.P75);
        Assert.AreEqual(1.0, spread.Min);
        Assert.AreEqual(5.0, spread.Max);
    }

    [TestMethod]
    public void Of_EvenCount_InterpolatesTheMedian()
    {
        Spread spread = Spread.Of([1.0, 2.0, 4.0, 8.0]);

        Assert.AreEqual(3.0, spread.Median);
        Assert.AreEqual(1.75, spread.P25); // position 0.75 between 1 and 2
    }

    [TestMethod]
    public void Of_NullsAndNaN_AreIgnored()
    {
        Spread spread = Spread.Of([null, double.NaN, 2.0]);

        Assert.AreEqual(1, spread.Count);
        Assert.AreEqual(2.0, spread.Median);
    }

    [TestMethod]
    public void Of_Nothing_HasNoMedian()
    {
        Assert.IsNull(Spread.Of([null]).Median);
    }
}

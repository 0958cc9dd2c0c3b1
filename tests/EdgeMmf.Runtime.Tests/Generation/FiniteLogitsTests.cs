using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Runtime.Tests.Generation;

[TestClass]
public sealed class FiniteLogitsTests
{
    [TestMethod]
    public void IndexOfNonFinite_FindsTheFirstNaNOrInfinityAnywhere_AndNothingAmongExtremeFiniteValues()
    {
        var random = new Random(41);
        foreach (int n in new[] { 1, 7, 31, 32, 33, 64, 100, 32000, 32001 })
        {
            float[] values = new float[n];
            for (int k = 0; k < n; k++)
                values[k] = (k % 5) switch { 0 => float.MaxValue, 1 => -float.MaxValue, 2 => float.Epsilon, 3 => -0f, _ => (float)random.NextDouble() };
            Assert.AreEqual(-1, FiniteLogits.IndexOfNonFinite(values), $"all finite, n = {n}");
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_0001)) })
                foreach (int at in new[] { 0, n / 3, n - 1 })
                {
                    float[] poisoned = (float[])values.Clone();
                    poisoned[at] = bad;
                    if (at + 1 < n) poisoned[n - 1] = float.NaN;       // a later one too: the first is named
                    Assert.AreEqual(at, FiniteLogits.IndexOfNonFinite(poisoned), $"{bad} at {at}, n = {n}");
                }
        }
    }
}

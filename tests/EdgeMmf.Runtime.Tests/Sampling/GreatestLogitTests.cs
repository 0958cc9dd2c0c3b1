using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Runtime.Tests.Sampling;

[TestClass]
public sealed class GreatestLogitTests
{
    private static readonly int[] Lengths = [1, 2, 7, 63, 64, 65, 95, 96, 97, 1000, 32000, 32001];

    [TestMethod]
    public void Index_RandomLogitsWithTies_IsTheScalarReferencesIndex()
    {
        var random = new Random(31);
        foreach (int n in Lengths)
            for (int trial = 0; trial < 20; trial++)
            {
                // Few distinct values, so the largest appears several times and the first one must win.
                float[] logits = new float[n];
                for (int k = 0; k < n; k++) logits[k] = random.Next(-20, trial % 2 == 0 ? 20 : 3) * 0.5f;
                Assert.AreEqual(GreatestLogit.ScalarIndex(logits), GreatestLogit.Index(logits), $"n = {n}, trial {trial}");
            }
    }

    [TestMethod]
    public void Index_SignedZerosInfinitiesAndNaN_FollowTheScalarRule()
    {
        var random = new Random(32);
        foreach (int n in Lengths)
        {
            foreach (int at in new[] { 0, n / 2, n - 1 })
            {
                float[] zeros = Filled(n, -1f);
                zeros[at] = -0f;
                zeros[n - 1 - at] = 0f;                           // +0 and -0 are equal: the first of them wins
                Check(zeros, $"zeros, n = {n}, at {at}");

                float[] negativeInfinity = Filled(n, float.NegativeInfinity);
                Check(negativeInfinity, $"all -inf, n = {n}");
                negativeInfinity[at] = float.PositiveInfinity;
                Check(negativeInfinity, $"+inf at {at}, n = {n}");

                float[] withNaN = new float[n];
                for (int k = 0; k < n; k++) withNaN[k] = (float)random.NextDouble();
                withNaN[at] = float.NaN;                          // never picked over a number; first: index 0 stays
                Check(withNaN, $"NaN at {at}, n = {n}");
            }
        }

        static void Check(float[] logits, string what) => Assert.AreEqual(GreatestLogit.ScalarIndex(logits), GreatestLogit.Index(logits), what);
    }

    private static float[] Filled(int n, float value)
    {
        float[] values = new float[n];
        Array.Fill(values, value);
        return values;
    }
}

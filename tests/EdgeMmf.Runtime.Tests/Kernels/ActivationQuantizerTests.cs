using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed class ActivationQuantizerTests
{
    [TestMethod]
    public void Quantize_HalfwayValues_RoundAwayFromZero()
    {
        // max |y| = 127 makes s_x = 1, so q = round(y) directly.
        float[] y = [127f, 0.5f, -0.5f, 1.5f, -2.5f, 0.49999997f, -126.5f];
        var q = new sbyte[y.Length];
        float scale = ActivationQuantizer.Quantize(y, q);
        Assert.AreEqual(1f, scale);
        CollectionAssert.AreEqual(new sbyte[] { 127, 1, -1, 2, -3, 0, -127 }, q);
    }

    [TestMethod]
    public void Quantize_AllZero_UsesTheAbsMaxFloor()
    {
        var q = new sbyte[5];
        Assert.AreEqual(127f / 1e-5f, ActivationQuantizer.Quantize(new float[5], q));
        CollectionAssert.AreEqual(new sbyte[5], q);
    }

    [TestMethod]
    public void Quantize_LongerOutput_ZeroesThePadding()
    {
        var q = new sbyte[256];
        q.AsSpan().Fill(7);
        ActivationQuantizer.Quantize(new float[] { 1f, -1f, 0.25f }, q);
        CollectionAssert.AreEqual(new sbyte[] { 127, -127, 32 }, q[..3]);
        Assert.IsTrue(q[3..].All(v => v == 0));
    }

    [TestMethod]
    public void RmsNormQuantize_KnownInput_MatchesTheSpecFormula()
    {
        // x = [3, -4]: mean(x^2) = 12.5; y = x / sqrt(12.5 + 1e-6) * g with g = [1, 0.5]: y = [0.8485, -0.5657].
        float[] x = [3f, -4f];
        float[] g = [1f, 0.5f];
        var q = new sbyte[2];
        float scale = ActivationQuantizer.RmsNormQuantize(x, g, ActivationQuantizer.BitLinearEps, q);
        float inv = 1f / MathF.Sqrt(12.5f + 1e-6f);
        Assert.AreEqual(127f / (3f * inv), scale, 1e-3f);
        CollectionAssert.AreEqual(new sbyte[] { 127, -85 }, q); // -4 * 0.5 / 3 * 127 = -84.67
    }

    [TestMethod]
    public void Quantize_RandomInputs_IsBitIdenticalToTheScalarReference()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + random.Next(3000);
            float[] y = RandomFloats(random, n, spread: trial % 3 == 0 ? 1e-3f : 40f);
            var expected = new sbyte[n + 5];
            var actual = new sbyte[n + 5];
            Assert.AreEqual(ActivationQuantizer.ScalarQuantize(y, expected), ActivationQuantizer.Quantize(y, actual));
            CollectionAssert.AreEqual(expected, actual, $"n = {n}");
        }
    }

    [TestMethod]
    public void RmsNormQuantize_RandomInputs_IsBitIdenticalToTheScalarReference()
    {
        var random = new Random(22);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + random.Next(3000);
            float[] x = RandomFloats(random, n, spread: 10f);
            float[] g = RandomFloats(random, n, spread: 2f);
            var expected = new sbyte[n];
            var actual = new sbyte[n];
            Assert.AreEqual(
                ActivationQuantizer.ScalarRmsNormQuantize(x, g, 1e-6f, expected),
                ActivationQuantizer.RmsNormQuantize(x, g, 1e-6f, actual));
            CollectionAssert.AreEqual(expected, actual, $"n = {n}");
        }
    }

    [TestMethod]
    public void QuantizeNormalized_WithItsInputsInverseRms_IsRmsNormQuantizeBitForBit()
    {
        var random = new Random(24);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = 1 + random.Next(3000);
            float[] x = RandomFloats(random, n, spread: 10f);
            float[] g = RandomFloats(random, n, spread: 2f);
            var expected = new sbyte[n + 3];
            var actual = new sbyte[n + 3];
            float expectedScale = ActivationQuantizer.RmsNormQuantize(x, g, 1e-6f, expected);
            float actualScale = ActivationQuantizer.QuantizeNormalized(x, ActivationQuantizer.InverseRms(x, 1e-6f), g, actual);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(expectedScale), BitConverter.SingleToInt32Bits(actualScale), $"n = {n}");
            CollectionAssert.AreEqual(expected, actual, $"n = {n}");
        }
    }

    [TestMethod]
    public void Quantize_OneNaNAnywhere_GivesANaNScaleLikeTheScalarReference()
    {
        // The vector absmax keeps four running maxima with the raw max instruction, which may drop a NaN; it must not:
        // a NaN activation has to reach the logits (TextGenerator reports non-finite output) rather than vanish.
        var random = new Random(25);
        foreach (int n in new[] { 7, 8, 31, 32, 33, 40, 1024, 1031, 2816 })
        {
            foreach (int at in new[] { 0, n / 2, n - 1 })
            {
                float[] x = RandomFloats(random, n, spread: 3f);
                float[] g = RandomFloats(random, n, spread: 1f);
                x[at] = float.NaN;
                Assert.IsTrue(float.IsNaN(ActivationQuantizer.ScalarQuantize(x, new sbyte[n])), $"scalar, n = {n}, NaN at {at}");
                Assert.IsTrue(float.IsNaN(ActivationQuantizer.Quantize(x, new sbyte[n])), $"n = {n}, NaN at {at}");
                Assert.IsTrue(float.IsNaN(ActivationQuantizer.QuantizeNormalized(x, 0.5f, g, new sbyte[n])), $"with gain, n = {n}, NaN at {at}");
            }
        }
    }

    [TestMethod]
    public void RmsNormQuantize_ScalarReference_AgreesWithDoublePrecisionRmsNormOnNearlyAllValues()
    {
        // The fixed 8-lane float32 sum order differs from an exact sum only in the last bits: q may move by
        // one step where y * s_x sits on a .5 boundary, which docs/model-spec.md "Numerical fidelity" already expects.
        var random = new Random(23);
        int total = 0, equal = 0;
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 1024;
            float[] x = RandomFloats(random, n, spread: 5f);
            float[] g = RandomFloats(random, n, spread: 1f);
            var q = new sbyte[n];
            ActivationQuantizer.ScalarRmsNormQuantize(x, g, 1e-6f, q);
            double sum = 0;
            foreach (float v in x) sum += (double)v * v;
            double inv = 1 / Math.Sqrt(sum / n + 1e-6);
            double max = 0;
            for (int j = 0; j < n; j++) max = Math.Max(max, Math.Abs(x[j] * inv * g[j]));
            for (int j = 0; j < n; j++)
            {
                double exact = Math.Clamp(Math.Round(x[j] * inv * g[j] * (127 / max), MidpointRounding.AwayFromZero), -128, 127);
                Assert.IsLessThanOrEqualTo(1.0, Math.Abs(exact - q[j]));
                total++;
                if (exact == q[j]) equal++;
            }
        }
        Assert.IsGreaterThan(0.999, (double)equal / total, $"{equal} of {total} agree");
    }

    [TestMethod]
    public void RmsNormQuantize_GainOfWrongLength_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => ActivationQuantizer.RmsNormQuantize(new float[4], new float[3], 1e-6f, new sbyte[4]));

    private static float[] RandomFloats(Random random, int n, float spread)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * spread;
        // Exact halves after scaling are where round-half-away and round-half-even differ; plant some.
        if (n > 4) values[random.Next(n)] = 0;
        return values;
    }
}

using EdgeMmf.Testing;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed class TernaryProjectorTests
{
    private static readonly int[] ColumnChoices = [1, 100, 255, 256, 257, 300, 512, 640, 767, 1037];

    public static IEnumerable<object[]> Paths => KernelSelector.Supported.Select(p => new object[] { p });

    [TestMethod]
    public void ChunkBytes_KeepTwoThreadsAt32KBAndGiveEveryThreadFourChunksOnMany()
    {
        // 370M decode calls: o (270 KB), down (743 KB), i|f|g (811 KB), gate|up (1.49 MB), lm_head (8.4 MB).
        foreach (long bytes in new long[] { 270_336, 743_424, 811_008, 1_486_848, 8_448_000 })
        {
            Assert.AreEqual(32 * 1024, TernaryProjector.ChunkBytesFor(bytes, 2), $"{bytes} B on 2 threads: as measured best there");
            foreach (int threads in new[] { 4, 8, 12, 16, 64 })
            {
                int chunk = TernaryProjector.ChunkBytesFor(bytes, threads);
                Assert.IsTrue(chunk is >= 8 * 1024 and <= 32 * 1024, $"{bytes} B on {threads} threads: {chunk}");
                Assert.IsTrue(chunk == 8 * 1024 || bytes / chunk >= 4 * threads, $"{bytes} B on {threads} threads: {bytes / chunk} chunks of {chunk}");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Gemm_Tq2_0RandomShapesAndTokenCounts_MatchesNaiveSumsExactly(KernelPath path) =>
        AssertRandomShapesMatch(path, TernaryFormat.Tq2_0, seed: 11);

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Gemm_Tq1_0RandomShapesAndTokenCounts_MatchesNaiveSumsExactly(KernelPath path) =>
        AssertRandomShapesMatch(path, TernaryFormat.Tq1_0, seed: 12);

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Gemv_RowCountsAroundTheFourRowUnrollAndThreadSplits_MatchNaiveSumsExactly(KernelPath path)
    {
        var random = new Random(13);
        foreach (TernaryFormat format in new[] { TernaryFormat.Tq2_0, TernaryFormat.Tq1_0 })
            for (int rows = 1; rows <= 13; rows++)
            {
                int columns = ColumnChoices[random.Next(ColumnChoices.Length)];
                var packed = new RandomTernaryMatrix(rows, columns, format, random);
                AssertProjectorMatches(path, packed, packed.RandomActivations(1, random), tokens: 1, threads: 1 + rows % 3);
            }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Gemm_ExtremeActivationsOnLongRows_DoNotOverflowIntermediateSums(KernelPath path)
    {
        // x = -128 everywhere against all +1 (s = 2) and all -1 (s = 0), and x = -127/127 (the quantizer's range): the int16
        // stages' worst cases and neon-dotprod's 16s sums; 6912 columns is the 2.7B's longest row (docs/model-spec.md).
        var random = new Random(3);
        foreach (int columns in new[] { 4096, 6912 })
            foreach (sbyte t in new sbyte[] { 1, -1 })
                foreach (sbyte value in new sbyte[] { -128, -127, 127 })
                {
                    var packed = new RandomTernaryMatrix(5, columns, TernaryFormat.Tq2_0, random, _ => t);
                    var x = new sbyte[5 * packed.Matrix.PaddedColumns];
                    Array.Fill(x, value);
                    AssertProjectorMatches(path, packed, x, tokens: 5, threads: 2);
                    AssertProjectorMatches(path, packed, x, tokens: 1, threads: 2);
                }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public unsafe void Gemv_StoredCodeThreeInEveryTritWithExtremeActivations_DecodesAsPlusTwoWithoutOverflow(KernelPath path)
    {
        // A TQ2_0 file may store the unused code 3 (ggml decodes it as +2): every byte 0xFF against x = -128 or 127 is the
        // widest sum a decode kernel's int16 stages can see. Odd block counts (5, 27) leave a tail after the unrolled blocks.
        var random = new Random(4);
        foreach (int columns in new[] { 1280, 6912 })
            foreach (sbyte value in new sbyte[] { -128, 127 })
            {
                var packed = new RandomTernaryMatrix(5, columns, TernaryFormat.Tq2_0, random, _ => 1);
                int rowBytes = TernaryFormat.Tq2_0.Traits().RowBytes(packed.Matrix.PaddedColumns);
                for (int r = 0; r < packed.Matrix.Rows; r++)
                    for (int block = 0; block < rowBytes / Tq2_0.BlockBytes; block++)
                        new Span<byte>(packed.Matrix.Packed + (long)r * rowBytes + block * Tq2_0.BlockBytes, Tq2_0.QuantBytes).Fill(0xFF);
                Array.Fill(packed.Ternary, (sbyte)2);
                var x = new sbyte[packed.Matrix.PaddedColumns];
                Array.Fill(x, value);
                AssertProjectorMatches(path, packed, x, tokens: 1, threads: 2);
            }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Gemm_PrefillTilesAcrossColumnChunksWithRowAndTokenTails_MatchNaiveSumsExactly(KernelPath path)
    {
        // Prefill walks columns in chunks of TernaryGemm.TileBlocks (2048 columns) and rows and tokens in 2 x 4 tiles:
        // rows one more or less than even, token counts around multiples of four, rows of one chunk, a chunk and a bit,
        // several chunks with a short last one (2816: the 370M's down projection), split between threads.
        var random = new Random(31);
        int[] columns = [2048, 2049, 2816, 4352];
        int[] rows = [1, 2, 3, 7, 30, 65];
        int[] tokens = [2, 3, 4, 5, 8, 9, 13, 32, 33];
        for (int trial = 0; trial < 16; trial++)
        {
            int n = tokens[trial % tokens.Length];
            var packed = new RandomTernaryMatrix(rows[trial % rows.Length], columns[trial % columns.Length], TernaryFormat.Tq2_0, random);
            AssertProjectorMatches(path, packed, packed.RandomActivations(n, random), n, threads: 1 + trial % 3);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Gemm_ManyChunksPerThreadSoThreadsTakeOverEachOthersRows_MatchesNaiveSumsExactly(KernelPath path)
    {
        // ~16 KB chunks: 700 rows of 1037 columns (330-byte rows) are 15 chunks, so the threads' home ranges
        // hold several chunks each and whoever finishes first takes chunks from the back of the others'.
        var random = new Random(21);
        foreach (int threads in new[] { 2, 3, 5 })
            foreach (int tokens in new[] { 1, 6 })
            {
                var packed = new RandomTernaryMatrix(700 + threads, 1037, TernaryFormat.Tq2_0, random);
                AssertProjectorMatches(path, packed, packed.RandomActivations(tokens, random), tokens, threads);
            }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Project_DividesEachTokensSumsByItsDenominator_ExactlyAsTheScalarLoop(KernelPath path)
    {
        var random = new Random(22);
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (int tokens in new[] { 1, 3, 5 })
            {
                var packed = new RandomTernaryMatrix(37 + 100 * threads, 300, TernaryFormat.Tq2_0, random);
                sbyte[] x = packed.RandomActivations(tokens, random);
                float[] denominators = RandomDenominators(tokens, random);
                float[] expected = ExpectedOutputs(packed, x, tokens, denominators);
                var output = new float[expected.Length + 1];
                output[^1] = float.NaN;
                using var projector = new TernaryProjector(threads, KernelSelector.Create(path));
                projector.Project(new ProjectionTask(packed.Matrix, x, tokens, denominators, output));
                CollectionAssert.AreEqual(expected, output[..expected.Length], $"{KernelSelector.NameOf(path)}, {tokens} token(s), {threads} thread(s)");
                Assert.IsTrue(float.IsNaN(output[^1]), "nothing is written past tokens * rows");
            }
    }

    [TestMethod]
    [DynamicData(nameof(Paths))]
    public void Project_ThreeProjectionsOfDifferentShapesAndFormatsInOneCall_EachMatchesItsOwnSums(KernelPath path)
    {
        var random = new Random(23);
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (int tokens in new[] { 1, 4 })
            {
                var a = new RandomTernaryMatrix(130, 1024, TernaryFormat.Tq2_0, random);
                var b = new RandomTernaryMatrix(7, 257, TernaryFormat.Tq1_0, random);
                var c = new RandomTernaryMatrix(301, 640, TernaryFormat.Tq2_0, random);
                sbyte[] xa = a.RandomActivations(tokens, random), xb = b.RandomActivations(tokens, random), xc = c.RandomActivations(tokens, random);
                float[] da = RandomDenominators(tokens, random), db = RandomDenominators(tokens, random), dc = RandomDenominators(tokens, random);
                float[] oa = new float[tokens * 130], ob = new float[tokens * 7], oc = new float[tokens * 301];
                using var projector = new TernaryProjector(threads, KernelSelector.Create(path));
                projector.Project(
                    new ProjectionTask(a.Matrix, xa, tokens, da, oa),
                    new ProjectionTask(b.Matrix, xb, tokens, db, ob),
                    new ProjectionTask(c.Matrix, xc, tokens, dc, oc));
                string what = $"{KernelSelector.NameOf(path)}, {tokens} token(s), {threads} thread(s)";
                CollectionAssert.AreEqual(ExpectedOutputs(a, xa, tokens, da), oa, "first, " + what);
                CollectionAssert.AreEqual(ExpectedOutputs(b, xb, tokens, db), ob, "second, " + what);
                CollectionAssert.AreEqual(ExpectedOutputs(c, xc, tokens, dc), oc, "third, " + what);
            }
    }

    [TestMethod]
    public void Rescale_SumsFromElsewhere_MatchTheScalarDivisionForEveryLengthAroundTheVectorWidths()
    {
        var random = new Random(24);
        for (int length = 0; length <= 19; length++)
        {
            var acc = new int[length];
            for (int i = 0; i < length; i++) acc[i] = random.Next(-5_000_000, 5_000_000);
            float denominator = (float)(random.NextDouble() * 1000 + 0.01);
            var output = new float[length + 1];
            output[^1] = float.NaN;
            TernaryProjector.Rescale(acc, denominator, output);
            for (int i = 0; i < length; i++) Assert.AreEqual(acc[i] / denominator, output[i], $"length {length}, value {i}");
            Assert.IsTrue(float.IsNaN(output[^1]), "nothing is written past the sums");
        }
        Assert.ThrowsExactly<ArgumentException>(() => TernaryProjector.Rescale(new int[3], 1f, new float[2]));
    }

    [TestMethod]
    public void ProjectionTask_TooFewOutputsOrDenominators_ThrowsNamingTheTensor()
    {
        var packed = new RandomTernaryMatrix(4, 256, TernaryFormat.Tq2_0, new Random(2));
        var x = new sbyte[512];
        var e = Assert.ThrowsExactly<ArgumentException>(() => new ProjectionTask(packed.Matrix, x, 2, new float[2], new float[7]));
        StringAssert.Contains(e.Message, packed.Matrix.Name);
        e = Assert.ThrowsExactly<ArgumentException>(() => new ProjectionTask(packed.Matrix, x, 2, new float[1], new float[8]));
        StringAssert.Contains(e.Message, "denominators");
    }

    internal static float[] RandomDenominators(int tokens, Random random)
    {
        var d = new float[tokens];
        for (int t = 0; t < tokens; t++) d[t] = (float)(random.NextDouble() * 1000 + 0.01);
        return d;
    }

    /// <summary>The scalar loop the fast path replaced: out = acc / denominator, one IEEE division per value.</summary>
    internal static float[] ExpectedOutputs(RandomTernaryMatrix packed, sbyte[] x, int tokens, float[] denominators)
    {
        int[] sums = packed.ReferenceAccumulators(x, tokens);
        var expected = new float[sums.Length];
        int rows = packed.Matrix.Rows;
        for (int i = 0; i < sums.Length; i++) expected[i] = sums[i] / denominators[i / rows];
        return expected;
    }

    [TestMethod]
    public void Gemm_ScalarOracle_MatchesNaiveSums()
    {
        var random = new Random(5);
        var packed = new RandomTernaryMatrix(9, 777, TernaryFormat.Tq2_0, random);
        AssertProjectorMatches(KernelPath.Scalar, packed, packed.RandomActivations(3, random), tokens: 3, threads: 1);
    }

    [TestMethod]
    public void Gemv_RepeatedCallsAfterWarmUp_AllocateNothingOnTheCallingThread()
    {
        var random = new Random(8);
        var packed = new RandomTernaryMatrix(64, 1024, TernaryFormat.Tq2_0, random);
        sbyte[] x = packed.RandomActivations(6, random);
        var acc = new int[6 * 64];
        using var projector = new TernaryProjector(2);
        projector.Gemv(packed.Matrix, x, acc);
        projector.Gemm(packed.Matrix, x, 6, acc);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            projector.Gemv(packed.Matrix, x, acc);
            projector.Gemm(packed.Matrix, x, 6, acc);
        }
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Gemm_RepeatedCallsAfterWarmUp_AllocateNothingOnAnyThread()
    {
        var random = new Random(9);
        var packed = new RandomTernaryMatrix(64, 1024, TernaryFormat.Tq2_0, random);
        sbyte[] x = packed.RandomActivations(6, random);
        var acc = new int[6 * 64];
        using var projector = new TernaryProjector(2);
        // Enough calls for tiered compilation to finish promoting the kernels (it allocates while it works).
        for (int i = 0; i < 2000; i++) projector.Gemm(packed.Matrix, x, 6, acc);

        // The counter is process-wide, and the test host's own threads (result reporting, tiered compilation)
        // allocate now and then. A per-call allocation shows up in every window; their noise does not, so the
        // quietest of three windows of 200 calls is what the token loop allocates.
        long allocated = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 200; i++) projector.Gemm(packed.Matrix, x, 6, acc);
            allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.IsLessThan(1024, allocated, $"{allocated} bytes allocated over 200 calls in the quietest of three windows");
    }

    [TestMethod]
    public void Gemm_ActivationsShorterThanPaddedColumns_ThrowsNamingTheTensor()
    {
        var packed = new RandomTernaryMatrix(4, 300, TernaryFormat.Tq2_0, new Random(1));
        using var projector = new TernaryProjector(1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => projector.Gemv(packed.Matrix, new sbyte[300], new int[4]));
        StringAssert.Contains(e.Message, packed.Matrix.Name);
    }

    [TestMethod]
    public void Constructor_ZeroThreads_UsesAtLeastOneThreadAndNamesItsPath()
    {
        using var projector = new TernaryProjector(0);
        Assert.IsGreaterThanOrEqualTo(1, projector.Threads);
        Assert.AreEqual(KernelSelector.NameOf(projector.Kernel.Path), projector.KernelPath);
    }

    private static void AssertRandomShapesMatch(KernelPath path, TernaryFormat format, int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 12; trial++)
        {
            int rows = trial switch { 0 => 1, 1 => 2, 2 => 3, 3 => 130, 4 => 257, _ => random.Next(1, 48) };
            int columns = ColumnChoices[random.Next(ColumnChoices.Length)];
            int tokens = 1 + trial % 9;
            var packed = new RandomTernaryMatrix(rows, columns, format, random);
            sbyte[] x = packed.RandomActivations(tokens, random);
            AssertProjectorMatches(path, packed, x, tokens, threads: 1 + trial % 3);
        }
    }

    private static void AssertProjectorMatches(KernelPath path, RandomTernaryMatrix packed, sbyte[] x, int tokens, int threads)
    {
        int[] expected = packed.ReferenceAccumulators(x, tokens);
        var acc = new int[expected.Length + 3];
        acc.AsSpan(expected.Length).Fill(int.MinValue); // guards: nothing may be written past tokens * rows
        using var projector = new TernaryProjector(threads, KernelSelector.Create(path));
        if (tokens == 1) projector.Gemv(packed.Matrix, x, acc);
        else projector.Gemm(packed.Matrix, x, tokens, acc);
        string shape = $"{KernelSelector.NameOf(path)} {packed.Matrix.Format} {packed.Matrix.Rows}x{packed.Matrix.Columns}, {tokens} token(s), {threads} thread(s)";
        CollectionAssert.AreEqual(expected, acc[..expected.Length], shape);
        Assert.AreEqual(int.MinValue, acc[^1], shape);
    }
}

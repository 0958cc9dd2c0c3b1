using EdgeMmf.Diagnostics.Kernels;
using EdgeMmf.Testing;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Tests.Kernels;

[TestClass]
public sealed class MemoryOnlyKernelTests
{
    [TestMethod]
    public void MemoryOnly_KeepsTheBasisPathAndSaysItIsADiagnosis()
    {
        TernaryKernel basis = KernelSelector.Default;
        TernaryKernel memoryOnly = MemoryOnlyKernel.Create(basis);
        Assert.IsTrue(MemoryOnlyKernel.IsMemoryOnly(memoryOnly));
        Assert.AreEqual(MemoryOnlyKernel.Name, memoryOnly.Name);
        Assert.AreEqual(basis.Path, memoryOnly.Path);
        Assert.IsFalse(MemoryOnlyKernel.IsMemoryOnly(basis), "the real kernels are untouched");
        Assert.AreEqual(KernelSelector.NameOf(basis.Path), basis.Name);
    }

    [TestMethod]
    public void Projections_WriteZeroToEveryRowOfEveryTokenAndNothingPastThem()
    {
        // The diagnosis must go through the same rows as a real projection: every output written, none beyond.
        var random = new Random(11);
        foreach (TernaryFormat format in new[] { TernaryFormat.Tq2_0, TernaryFormat.Tq1_0 })
            for (int trial = 0; trial < 8; trial++)
            {
                int rows = trial switch { 0 => 1, 1 => 3, 2 => 257, _ => random.Next(1, 300) };
                int columns = new[] { 1, 255, 256, 300, 1037 }[trial % 5];
                int tokens = 1 + trial % 4;
                var packed = new RandomTernaryMatrix(rows, columns, format, random);
                sbyte[] x = packed.RandomActivations(tokens, random);
                var acc = new int[tokens * rows + 2];
                acc.AsSpan().Fill(12345);
                using var projector = new TernaryProjector(1 + trial % 2, MemoryOnlyKernel.Create(KernelSelector.Default));
                projector.Gemm(packed.Matrix, x, tokens, acc.AsSpan(0, tokens * rows));
                string shape = $"{format} {rows}x{columns}, {tokens} token(s)";
                for (int k = 0; k < tokens * rows; k++) Assert.AreEqual(0, acc[k], $"{shape}: accumulator {k}");
                Assert.AreEqual(12345, acc[^1], shape);
                Assert.AreEqual(12345, acc[^2], shape);
            }
    }

    [TestMethod]
    public void MemoryOnly_NoBasis_IsRejected() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => MemoryOnlyKernel.Create(null!));

    [TestMethod]
    public unsafe void WithGemm_TheNameOfARealPath_IsRejected()
    {
        // bench tells the diagnosis from a real kernel by its name, so a replaced projection must not pass for one.
        TernaryKernel basis = KernelSelector.Default;
        foreach (KernelPath path in Enum.GetValues<KernelPath>())
        {
            string name = KernelSelector.NameOf(path).ToUpperInvariant();
            Assert.ThrowsExactly<ArgumentException>(() => basis.WithGemm(name, &WriteNothing), name);
        }
        Assert.AreEqual("no-op", basis.WithGemm("no-op", &WriteNothing).Name);
    }

    private static unsafe void WriteNothing(TernaryJob* job, int rowStart, int rowEnd)
    {
    }
}

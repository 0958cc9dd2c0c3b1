using EdgeMmf.Testing;
using EdgeMmf.Bridge.DeviceModel;
using EdgeMmf.Bridge.Tests.TestSupport;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Bridge.Tests.DeviceModel;

[TestClass]
public sealed class TernaryGemvTests
{
    [TestMethod]
    [DataRow(1, 256)]
    [DataRow(7, 300)]
    [DataRow(33, 1024)]
    public void Compute_RandomMatrix_EqualsScalarSumOverUnpackedRows(int rows, int columns)
    {
        var matrix = new RandomTernaryMatrix("w", rows, columns, seed: rows * 31 + columns);
        sbyte[] q = RandomTernaryMatrix.Activations(1, columns, seed: 5);
        var acc = new int[rows];

        TernaryGemv.Compute(matrix.Packed, rows, matrix.Matrix.PaddedColumns, q, acc);

        CollectionAssert.AreEqual(matrix.ReferenceAccumulators(q, 1), acc);
    }

    [TestMethod]
    public void Compute_CountsOneAdditionPerNonZeroWeight()
    {
        var matrix = new RandomTernaryMatrix("w", 5, 512, seed: 2);
        var acc = new int[5];
        long additions = TernaryGemv.Compute(matrix.Packed, 5, 512, new sbyte[512], acc);
        Assert.AreEqual(matrix.Ternary.Count(t => t != 0), additions);
    }

    [TestMethod]
    public void Compute_CodeThree_AgreesWithUnpackRow()
    {
        // Code 3 never appears in EdgeMmf files; the device must still agree with the CPU's decoder.
        var packed = new byte[Tq2_0.BlockBytes];
        packed[0] = 0b11; // weight 0 = code 3
        var q = new sbyte[Tq2_0.BlockWeights];
        q[0] = 5;
        var unpacked = new sbyte[Tq2_0.BlockWeights];
        Tq2_0.UnpackRow(packed, unpacked);
        int expected = 0;
        for (int j = 0; j < q.Length; j++) expected += q[j] * unpacked[j];
        var acc = new int[1];

        TernaryGemv.Compute(packed, 1, Tq2_0.BlockWeights, q, acc);
        var scalar = new int[1];
        TernaryGemv.ComputeScalar(packed, 1, Tq2_0.BlockWeights, q, scalar);

        Assert.AreEqual(expected, acc[0]);
        Assert.AreEqual(expected, scalar[0]);
    }

    [TestMethod]
    [DataRow(1, 256)]
    [DataRow(9, 768)]
    [DataRow(3, 16384)]
    public void Compute_VectorPath_EqualsScalarSpecificationIncludingAdditionCount(int rows, int columns)
    {
        var matrix = new RandomTernaryMatrix("w", rows, columns, seed: rows + columns);
        sbyte[] q = RandomTernaryMatrix.Activations(1, columns, seed: 6);
        var vector = new int[rows];
        var scalar = new int[rows];

        long vectorAdditions = TernaryGemv.Compute(matrix.Packed, rows, columns, q, vector);
        long scalarAdditions = TernaryGemv.ComputeScalar(matrix.Packed, rows, columns, q, scalar);

        CollectionAssert.AreEqual(scalar, vector);
        Assert.AreEqual(scalarAdditions, vectorAdditions);
    }

    [TestMethod]
    public void Compute_ExtremeActivationsOverTheWidestRow_DoNotOverflow()
    {
        // Every weight +1 and every activation -128 over 16384 columns: acc = -2,097,152.
        const int columns = 16384;
        var ternary = Enumerable.Repeat((sbyte)1, columns).ToArray();
        var packed = new byte[Tq2_0.RowBytes(columns)];
        Tq2_0.PackRow(ternary, packed);
        var q = Enumerable.Repeat((sbyte)-128, columns).ToArray();
        var acc = new int[1];

        TernaryGemv.Compute(packed, 1, columns, q, acc);

        Assert.AreEqual(-128 * columns, acc[0]);
    }
}

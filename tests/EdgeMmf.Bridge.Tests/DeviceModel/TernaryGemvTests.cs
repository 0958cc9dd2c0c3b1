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

        Assert.AreEqual(expected, acc[0]);
    }
}

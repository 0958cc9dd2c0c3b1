using BenchmarkDotNet.Attributes;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Benchmarks.Kernels;

/// <summary>Fused RMSNorm + int8 quantization in front of every BitLinear: vector form against the scalar reference.</summary>
[JsonExporterAttribute.Full]
public class ActivationQuantizerBenchmarks
{
    private float[] _x = [];
    private float[] _gain = [];
    private sbyte[] _q = [];

    [Params(1024, 2816)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        _x = Enumerable.Range(0, Length).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
        _gain = Enumerable.Range(0, Length).Select(_ => (float)random.NextDouble()).ToArray();
        _q = new sbyte[TernaryMatrix.PadColumns(Length)];
    }

    [Benchmark(Baseline = true)]
    public float Scalar() => ActivationQuantizer.ScalarRmsNormQuantize(_x, _gain, ActivationQuantizer.BitLinearEps, _q);

    [Benchmark]
    public float Vector() => ActivationQuantizer.RmsNormQuantize(_x, _gain, ActivationQuantizer.BitLinearEps, _q);
}

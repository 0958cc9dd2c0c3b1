using BenchmarkDotNet.Running;

namespace EdgeMmf.Benchmarks;

/// <summary>Kernel microbenchmarks; whole-model figures come from <c>edgemmf bench</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

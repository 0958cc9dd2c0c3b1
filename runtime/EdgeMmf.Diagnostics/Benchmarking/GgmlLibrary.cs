using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Diagnostics.Benchmarking;

/// <summary>
/// The few functions of ggml's C API (<c>ggml.h</c>, <c>ggml-cpu.h</c>) that the ggml peer needs, bound at run time
/// from the native libraries of the NuGet package <c>LLamaSharp.Backend.Cpu</c> (libggml-base, libggml-cpu). Nothing of
/// ggml is shipped or compiled here: the libraries are loaded with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>
/// from a folder the user names, and called through function pointers, which NativeAOT and trimming accept as is.
/// The libraries stay loaded for the life of the process: ggml's OpenMP worker threads outlive a compute, and
/// unloading the code under them would crash it.
/// </summary>
public sealed unsafe class GgmlLibrary
{
    /// <summary>ggml's <c>GGML_TYPE_F32</c>.</summary>
    public const int TypeF32 = 0;

    /// <summary>ggml's <c>GGML_TYPE_TQ2_0</c> (the same block as <see cref="Runtime.Formats.Tq2_0"/>).</summary>
    public const int TypeTq2_0 = 35;

    /// <summary>The environment variable that names the folder when <c>--ggml</c> does not.</summary>
    public const string DirectoryVariable = "EDGEMMF_GGML_DIR";

    /// <summary><c>struct ggml_init_params</c>: arena size, optional caller buffer, and whether tensors get no data.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitParams
    {
        /// <summary>Bytes of the context's arena.</summary>
        public nuint MemSize;
        /// <summary>The caller's buffer for the arena, or null for ggml to allocate it.</summary>
        public void* MemBuffer;
        /// <summary>1: tensors get metadata only, no data.</summary>
        public byte NoAlloc;
    }

    /// <summary>The folder the libraries came from, and its variant (avx2, avx512, ...; empty for a folder without variants).</summary>
    public string Directory { get; }

    /// <summary>The build variant loaded: the name of the variant subfolder (<c>avx512</c>, <c>avx2</c>, <c>avx</c>, <c>noavx</c>), or the folder's own name.</summary>
    public string Variant { get; }

    internal readonly delegate* unmanaged<InitParams, IntPtr> Init;
    internal readonly delegate* unmanaged<IntPtr, void> Free;
    internal readonly delegate* unmanaged<IntPtr, void> Reset;
    internal readonly delegate* unmanaged<IntPtr, int, long, long, IntPtr> NewTensor2d;
    internal readonly delegate* unmanaged<IntPtr, int, long, IntPtr> NewTensor1d;
    internal readonly delegate* unmanaged<IntPtr, IntPtr, long, nuint, IntPtr> View1d;
    internal readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> MulMat;
    internal readonly delegate* unmanaged<IntPtr, IntPtr> NewGraph;
    internal readonly delegate* unmanaged<IntPtr, IntPtr, void> BuildForwardExpand;
    internal readonly delegate* unmanaged<int, float*, void*, long, long, long, float*, nuint> QuantizeChunk;
    internal readonly delegate* unmanaged<IntPtr, void*> GetData;
    internal readonly delegate* unmanaged<IntPtr, nuint> NBytes;
    internal readonly delegate* unmanaged<nuint> TensorOverhead;
    internal readonly delegate* unmanaged<nuint> GraphOverhead;
    internal readonly delegate* unmanaged<int, long, nuint> RowSize;
    internal readonly delegate* unmanaged<void> CpuInit;
    internal readonly delegate* unmanaged<IntPtr, IntPtr, int, int> GraphComputeWithContext;

    private GgmlLibrary(string directory, string variant, IntPtr baseLibrary, IntPtr cpuLibrary)
    {
        Directory = directory;
        Variant = variant;
        Init = (delegate* unmanaged<InitParams, IntPtr>)Export(baseLibrary, "ggml_init");
        Free = (delegate* unmanaged<IntPtr, void>)Export(baseLibrary, "ggml_free");
        Reset = (delegate* unmanaged<IntPtr, void>)Export(baseLibrary, "ggml_reset");
        NewTensor2d = (delegate* unmanaged<IntPtr, int, long, long, IntPtr>)Export(baseLibrary, "ggml_new_tensor_2d");
        NewTensor1d = (delegate* unmanaged<IntPtr, int, long, IntPtr>)Export(baseLibrary, "ggml_new_tensor_1d");
        View1d = (delegate* unmanaged<IntPtr, IntPtr, long, nuint, IntPtr>)Export(baseLibrary, "ggml_view_1d");
        MulMat = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Export(baseLibrary, "ggml_mul_mat");
        NewGraph = (delegate* unmanaged<IntPtr, IntPtr>)Export(baseLibrary, "ggml_new_graph");
        BuildForwardExpand = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(baseLibrary, "ggml_build_forward_expand");
        QuantizeChunk = (delegate* unmanaged<int, float*, void*, long, long, long, float*, nuint>)Export(baseLibrary, "ggml_quantize_chunk");
        GetData = (delegate* unmanaged<IntPtr, void*>)Export(baseLibrary, "ggml_get_data");
        NBytes = (delegate* unmanaged<IntPtr, nuint>)Export(baseLibrary, "ggml_nbytes");
        TensorOverhead = (delegate* unmanaged<nuint>)Export(baseLibrary, "ggml_tensor_overhead");
        GraphOverhead = (delegate* unmanaged<nuint>)Export(baseLibrary, "ggml_graph_overhead");
        RowSize = (delegate* unmanaged<int, long, nuint>)Export(baseLibrary, "ggml_row_size");
        CpuInit = (delegate* unmanaged<void>)Export(cpuLibrary, "ggml_cpu_init");
        GraphComputeWithContext = (delegate* unmanaged<IntPtr, IntPtr, int, int>)Export(cpuLibrary, "ggml_graph_compute_with_ctx");
        CpuInit();
    }

    /// <summary>
    /// Loads ggml from <paramref name="directory"/>: a folder holding <c>libggml-base</c> and <c>libggml-cpu</c>, or one
    /// whose variant subfolders do (the package's <c>runtimes/linux-x64/native</c>, with <c>avx512/ avx2/ avx/ noavx/</c>),
    /// or the benchmark project's build output, which holds that under <c>runtimes/&lt;rid&gt;/native</c>. Of the
    /// variants it takes the fastest this CPU can run (<see cref="PreferredVariants"/>).
    /// </summary>
    /// <returns>The library, or null with <paramref name="problem"/> saying what is missing or failed to load.</returns>
    public static GgmlLibrary? TryLoad(string directory, out string problem)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            problem = $"ggml: the folder '{directory}' does not exist.";
            return null;
        }
        foreach (string candidate in CandidateFolders(directory))
        {
            string basePath = Path.Combine(candidate, LibraryFile("ggml-base"));
            string cpuPath = Path.Combine(candidate, LibraryFile("ggml-cpu"));
            if (!File.Exists(basePath) || !File.Exists(cpuPath)) continue;
            if (!NativeLibrary.TryLoad(basePath, out IntPtr baseLibrary))
            {
                problem = $"ggml: '{basePath}' exists but does not load on this machine.";
                return null;
            }
            if (!NativeLibrary.TryLoad(cpuPath, out IntPtr cpuLibrary))
            {
                NativeLibrary.Free(baseLibrary);
                problem = $"ggml: '{cpuPath}' exists but does not load on this machine (it needs libgomp.so.1 and libstdc++).";
                return null;
            }
            try
            {
                problem = "";
                return new GgmlLibrary(candidate, Path.GetFileName(candidate), baseLibrary, cpuLibrary);
            }
            catch (EntryPointNotFoundException e)
            {
                NativeLibrary.Free(cpuLibrary);
                NativeLibrary.Free(baseLibrary);
                problem = $"ggml: the libraries in '{candidate}' lack a function the peer needs: {e.Message}";
                return null;
            }
        }
        problem = $"ggml: no {LibraryFile("ggml-base")} and {LibraryFile("ggml-cpu")} in '{directory}' or in its variant folders ({string.Join(", ", PreferredVariants())}).";
        return null;
    }

    /// <summary>
    /// Loads ggml from <paramref name="directory"/>, else from <see cref="DirectoryVariable"/>; null (and no problem) when
    /// neither is given: the peer is optional.
    /// </summary>
    public static GgmlLibrary? TryLoadConfigured(string? directory, out string? problem)
    {
        directory ??= Environment.GetEnvironmentVariable(DirectoryVariable);
        problem = null;
        if (string.IsNullOrWhiteSpace(directory)) return null;
        GgmlLibrary? library = TryLoad(directory, out string reason);
        if (library is null) problem = reason;
        return library;
    }

    /// <summary>The package's x86-64 variants this CPU can run, fastest first; on other machines the folder is used as is.</summary>
    public static IReadOnlyList<string> PreferredVariants()
    {
        var variants = new List<string>(4);
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            if (Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported) variants.Add("avx512");
            if (Avx2.IsSupported && Fma.IsSupported) variants.Add("avx2");
            if (Avx.IsSupported) variants.Add("avx");
            variants.Add("noavx");
        }
        return variants;
    }

    private static IEnumerable<string> CandidateFolders(string directory)
    {
        string rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-musl", StringComparison.Ordinal)
            ? RuntimeInformation.RuntimeIdentifier
            : (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64");
        string[] roots = [directory, Path.Combine(directory, "native"), Path.Combine(directory, "runtimes", rid, "native")];
        foreach (string root in roots)
        {
            foreach (string variant in PreferredVariants()) yield return Path.Combine(root, variant);
            yield return root;
        }
    }

    private static string LibraryFile(string name) => OperatingSystem.IsWindows() ? name + ".dll" : OperatingSystem.IsMacOS() ? "lib" + name + ".dylib" : "lib" + name + ".so";

    private static IntPtr Export(IntPtr library, string name) => NativeLibrary.GetExport(library, name);
}

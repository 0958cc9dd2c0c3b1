using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// A native block (zeroed unless asked not to) that the model frees on dispose: 64-byte aligned (cache line,
/// AVX-512), or, for <c>hugePages</c>, 2 MB aligned, rounded up to whole 2 MB pages and advised for transparent huge
/// pages (<see cref="LinuxMemoryAdvice"/>) where Linux offers them.
/// </summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    /// <summary>A block of <paramref name="bytes"/> bytes.</summary>
    /// <param name="bytes">The size in bytes (0 is allowed).</param>
    /// <param name="hugePages">Align to 2 MB and advise huge pages where Linux offers them.</param>
    /// <param name="zeroed">False when the caller overwrites every byte it will read (saves a pass over the block).</param>
    public NativeBuffer(long bytes, bool hugePages = false, bool zeroed = true)
    {
        Length = bytes;
        nuint size = (nuint)Math.Max(bytes, 1);
        if (hugePages && LinuxMemoryAdvice.HugePagesAvailable)
        {
            size = (nuint)ByteAlignment.Up((long)size, LinuxMemoryAdvice.HugePageBytes);
            Pointer = (byte*)NativeMemory.AlignedAlloc(size, LinuxMemoryAdvice.HugePageBytes);
            HugePagesAdvised = LinuxMemoryAdvice.AdviseHugePages(Pointer, size); // before the first touch
        }
        else
        {
            Pointer = (byte*)NativeMemory.AlignedAlloc(size, 64);
        }
        if (zeroed) NativeMemory.Clear(Pointer, size);
    }

    /// <summary>The block's first byte; null once disposed.</summary>
    public byte* Pointer { get; private set; }
    /// <summary>The size asked for, in bytes.</summary>
    public long Length { get; }

    /// <summary>The kernel accepted the huge-page advice for this block.</summary>
    public bool HugePagesAdvised { get; }

    /// <summary>Frees the block.</summary>
    public void Dispose()
    {
        if (Pointer != null) NativeMemory.AlignedFree(Pointer);
        Pointer = null;
    }
}

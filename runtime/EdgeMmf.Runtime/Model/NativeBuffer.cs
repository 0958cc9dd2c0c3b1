using System.Runtime.InteropServices;

namespace EdgeMmf.Runtime.Model;

/// <summary>A 64-byte-aligned native block (cache-line and AVX-512 aligned) that the model frees on dispose.</summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    public NativeBuffer(long bytes)
    {
        Length = bytes;
        Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 1), 64);
        NativeMemory.Clear(Pointer, (nuint)Math.Max(bytes, 1));
    }

    public byte* Pointer { get; private set; }
    public long Length { get; }

    public void Dispose()
    {
        if (Pointer != null) NativeMemory.AlignedFree(Pointer);
        Pointer = null;
    }
}

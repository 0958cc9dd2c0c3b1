using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Bundles;
using EdgeMmf.Runtime.Checkpoints;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// A GGUF file mapped read-only into memory, its header parsed and checked by <see cref="GgufReader"/>.
/// Tensor bytes are used in place through <see cref="TensorData"/>: nothing is copied, and pages are read
/// from disk only when first touched. Keep the file open (it is a model's owner) while any pointer into it is used.
/// A <see cref="ModelBundle"/> (an executable with a GGUF appended) opens the same way: its GGUF part is mapped.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private GCHandle _pinned;
    private byte* _base;

    private GgufFile(string path, long length, byte* basePointer, GgufContents contents, MemoryMappedFile? map, MemoryMappedViewAccessor? view, GCHandle pinned,
        ModelBundle? bundle = null)
    {
        Path = path;
        Bundle = bundle;
        Length = length;
        _base = basePointer;
        Contents = contents;
        _map = map;
        _view = view;
        _pinned = pinned;
    }

    /// <summary>The path the file was opened from.</summary>
    public string Path { get; }
    /// <summary>The bundle the GGUF was mapped from, or null for a plain GGUF file.</summary>
    public ModelBundle? Bundle { get; }
    /// <summary>The GGUF's length in bytes (inside a bundle: the GGUF part alone).</summary>
    public long Length { get; }
    /// <summary>The parsed header.</summary>
    public GgufContents Contents { get; }
    /// <summary>The tensor infos, in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => Contents.Tensors;
    /// <summary>The metadata key-value pairs, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata => Contents.Metadata;

    /// <summary>Maps a GGUF file (or the GGUF part of a bundle) and checks its header; a bad file is a <see cref="ModelFormatException"/>.</summary>
    public static GgufFile Open(string path)
    {
        // The length comes from the opened handle, so a symbolic link (every Hugging Face cache snapshot is made
        // of them) is measured by its target, not by the link itself.
        FileStream stream;
        long length;
        try
        {
            if (!File.Exists(path)) throw new ModelFormatException(path, null, "the model file does not exist.");
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = stream.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, null, $"cannot read the model file ({e.Message}).", e);
        }
        if (length == 0)
        {
            stream.Dispose();
            throw new ModelFormatException(path, null, "is empty; a GGUF file starts with a 24-byte header.");
        }
        ModelBundle? bundle;
        try
        {
            bundle = ModelBundle.Find(path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        if (bundle is not null) length = bundle.GgufLength;

        MemoryMappedFile map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            view = map.CreateViewAccessor(bundle?.GgufOffset ?? 0, bundle?.GgufLength ?? 0, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            acquired = true;
            basePointer += view.PointerOffset;
            bundle?.Verify(basePointer);
            GgufContents contents = GgufReader.Read(basePointer, length, path);
            return new GgufFile(path, length, basePointer, contents, map, view, default, bundle);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>A GGUF image already in memory (tests and fuzzing); the array is pinned until dispose.</summary>
    public static GgufFile FromMemory(byte[] bytes, string name)
    {
        GCHandle pinned = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            var basePointer = (byte*)pinned.AddrOfPinnedObject();
            GgufContents contents = GgufReader.Read(basePointer, bytes.Length, name);
            return new GgufFile(name, bytes.Length, basePointer, contents, null, null, pinned);
        }
        catch
        {
            pinned.Free();
            throw;
        }
    }

    /// <summary>The tensor's first byte, in place in the mapping (its extent was checked against the file).</summary>
    public byte* TensorData(GgufTensorInfo tensor)
    {
        if (_base == null) throw new ObjectDisposedException(Path);
        return _base + tensor.FileOffset;
    }

    /// <summary>The tensor's bytes, in place in the mapping.</summary>
    public ReadOnlySpan<byte> TensorBytes(GgufTensorInfo tensor) => new(TensorData(tensor), checked((int)tensor.ByteSize));

    /// <summary>Unmaps the file; pointers into it are then invalid.</summary>
    public void Dispose()
    {
        if (_base == null) return;
        _base = null;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
        if (_pinned.IsAllocated) _pinned.Free();
    }
}

using System.Runtime.InteropServices;
using EdgeMmf.Bridge.Errors;
using Microsoft.Win32.SafeHandles;

namespace EdgeMmf.Bridge.Transports.Xdma;

/// <summary>
/// The Xilinx XDMA driver's character devices for one card: <c>PREFIX_h2c_0</c> and
/// <c>PREFIX_c2h_0</c> (a pwrite/pread at file offset A is a DMA to/from AXI address A) and
/// <c>PREFIX_user</c>, the user BAR, memory-mapped for register access.
/// </summary>
public sealed unsafe class XdmaCharacterDevices : IXdmaEndpoint
{
    private readonly SafeFileHandle _hostToCard;
    private readonly SafeFileHandle _cardToHost;
    private readonly SafeFileHandle _user;
    private readonly nint _registers;
    private readonly string _prefix;

    /// <summary>
    /// Opens the three devices of <paramref name="prefix"/> (e.g. <c>/dev/xdma0</c>) and maps the first 4 KiB of the user BAR.
    /// </summary>
    /// <exception cref="BridgeDisconnectedException">
    /// A device cannot be opened (driver not loaded, no permission) or the mmap failed.
    /// </exception>
    public XdmaCharacterDevices(string prefix)
    {
        _prefix = prefix;
        _hostToCard = OpenDevice(prefix + "_h2c_0", FileAccess.Write);
        _cardToHost = OpenDevice(prefix + "_c2h_0", FileAccess.Read);
        _user = OpenDevice(prefix + "_user", FileAccess.ReadWrite);
        _registers = Libc.mmap(0, XdmaRegisters.MappedBytes, Libc.ProtRead | Libc.ProtWrite, Libc.MapShared, (int)_user.DangerousGetHandle(), 0);
        if (_registers == Libc.MapFailed)
        {
            int errno = Marshal.GetLastPInvokeError();
            Dispose();
            throw new BridgeDisconnectedException($"{prefix}_user: mmap of the register BAR failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }
    }

    /// <inheritdoc/>
    /// <exception cref="BridgeDisconnectedException">The DMA failed.</exception>
    public void WriteToCard(ReadOnlySpan<byte> data, long cardAddress)
    {
        try
        {
            RandomAccess.Write(_hostToCard, data, cardAddress);
        }
        catch (IOException e)
        {
            throw new BridgeDisconnectedException($"{_prefix}_h2c_0: DMA of {data.Length} bytes to 0x{cardAddress:X} failed ({e.Message}).", e);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="BridgeDisconnectedException">The DMA failed or returned fewer bytes than asked for.</exception>
    public void ReadFromCard(Span<byte> data, long cardAddress)
    {
        int read;
        try
        {
            read = RandomAccess.Read(_cardToHost, data, cardAddress);
        }
        catch (IOException e)
        {
            throw new BridgeDisconnectedException($"{_prefix}_c2h_0: DMA of {data.Length} bytes from 0x{cardAddress:X} failed ({e.Message}).", e);
        }
        if (read != data.Length) throw new BridgeDisconnectedException($"{_prefix}_c2h_0: DMA returned {read} of {data.Length} bytes.");
    }

    // AXI-Lite registers are 32-bit and must be accessed as such: volatile 4-byte loads and stores.
    /// <inheritdoc/>
    public uint ReadRegister(int offset) => Volatile.Read(ref *(uint*)(_registers + offset));

    /// <inheritdoc/>
    public void WriteRegister(int offset, uint value) => Volatile.Write(ref *(uint*)(_registers + offset), value);

    private static SafeFileHandle OpenDevice(string path, FileAccess access)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, access);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BridgeDisconnectedException($"{path}: cannot open ({e.Message}). Is the XDMA driver (xdma.ko) loaded and the bitstream programmed?", e);
        }
    }

    /// <summary>Unmaps the registers and closes the three devices.</summary>
    public void Dispose()
    {
        if (_registers != 0 && _registers != Libc.MapFailed) Libc.munmap(_registers, XdmaRegisters.MappedBytes);
        _hostToCard?.Dispose();
        _cardToHost?.Dispose();
        _user?.Dispose();
    }
}

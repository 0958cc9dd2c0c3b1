using System.Runtime.InteropServices;
using EdgeMmf.Bridge.Errors;
using Microsoft.Win32.SafeHandles;

namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>An open <c>/dev/spidevB.C</c>; every call is one ioctl.</summary>
public sealed unsafe class SpidevFile : ISpidevFile
{
    private readonly SafeFileHandle _handle;
    private readonly string _path;

    public SpidevFile(string path)
    {
        _path = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BridgeDisconnectedException(
                $"{path}: cannot open ({e.Message}). Enable SPI (Raspberry Pi: dtparam=spi=on) and add the user to the spi group.", e);
        }
    }

    public void Configure(byte mode, byte bitsPerWord, uint speedHz)
    {
        Ioctl(SpidevIoctl.WriteMode, &mode, "SPI_IOC_WR_MODE");
        Ioctl(SpidevIoctl.WriteBitsPerWord, &bitsPerWord, "SPI_IOC_WR_BITS_PER_WORD");
        Ioctl(SpidevIoctl.WriteMaxSpeedHz, &speedHz, "SPI_IOC_WR_MAX_SPEED_HZ");
    }

    public void Transfer(in SpiIocTransfer transfer)
    {
        fixed (SpiIocTransfer* pointer = &transfer)
            Ioctl(SpidevIoctl.Message(1), pointer, "SPI_IOC_MESSAGE(1)");
    }

    private void Ioctl(uint request, void* argument, string name)
    {
        if (Libc.ioctl((int)_handle.DangerousGetHandle(), request, argument) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new BridgeDisconnectedException(
                $"{_path}: {name} failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}); a transfer larger than /sys/module/spidev/parameters/bufsiz fails with EMSGSIZE.");
        }
    }

    public void Dispose() => _handle.Dispose();
}

using System.Runtime.InteropServices;

namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// <c>struct spi_ioc_transfer</c> from include/uapi/linux/spi/spidev.h: 32 bytes, the same on 32-
/// and 64-bit user space (pointers travel as u64). A null tx buffer shifts out zeros; a null rx
/// buffer discards what comes in. Zero every field the caller does not set, as the header asks.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
public struct SpiIocTransfer
{
    public ulong TxBuffer;          // __u64 tx_buf
    public ulong RxBuffer;          // __u64 rx_buf
    public uint Length;             // __u32 len
    public uint SpeedHz;            // __u32 speed_hz
    public ushort DelayMicroseconds; // __u16 delay_usecs
    public byte BitsPerWord;        // __u8 bits_per_word
    public byte ChipSelectChange;   // __u8 cs_change
    public byte TxBits;             // __u8 tx_nbits
    public byte RxBits;             // __u8 rx_nbits
    public byte WordDelayMicroseconds; // __u8 word_delay_usecs
    public byte Pad;                // __u8 pad
}

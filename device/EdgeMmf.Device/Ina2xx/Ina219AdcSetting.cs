namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// INA219 BADC / SADC (configuration bits 10-7 / 6-3): one conversion at 9-12 bits, or 12-bit
/// conversions averaged over 2-128 samples (datasheet table 5; conversion times in the comments).
/// </summary>
public enum Ina219AdcSetting : ushort
{
    Bits9 = 0b0000,      // 84 µs
    Bits10 = 0b0001,     // 148 µs
    Bits11 = 0b0010,     // 276 µs
    Bits12 = 0b0011,     // 532 µs
    Samples2 = 0b1001,   // 1.06 ms
    Samples4 = 0b1010,   // 2.13 ms
    Samples8 = 0b1011,   // 4.26 ms
    Samples16 = 0b1100,  // 8.51 ms
    Samples32 = 0b1101,  // 17.02 ms
    Samples64 = 0b1110,  // 34.05 ms
    Samples128 = 0b1111, // 68.10 ms
}

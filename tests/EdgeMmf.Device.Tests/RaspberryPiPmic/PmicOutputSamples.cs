namespace EdgeMmf.Device.Tests.RaspberryPiPmic;

/// <summary>
/// <c>vcgencmd pmic_read_adc</c> output in the shape a Raspberry Pi 5 prints it (values made up for these
/// tests, layout as on Raspberry Pi OS bookworm): right-aligned names, currents first, channel numbers
/// that differ between a rail's current and voltage, input voltages without a current.
/// </summary>
internal static class PmicOutputSamples
{
    public const string Pi5 =
        " 3V7_WL_SW_A current(0)=0.05120000A\n" +
        "   3V3_SYS_A current(1)=0.09500000A\n" +
        "   1V8_SYS_A current(2)=0.19000000A\n" +
        "  DDR_VDD2_A current(3)=0.12000000A\n" +
        "  DDR_VDDQ_A current(4)=0.00000000A\n" +
        "   1V1_SYS_A current(5)=0.17000000A\n" +
        "    0V8_SW_A current(6)=0.31000000A\n" +
        "  VDD_CORE_A current(7)=2.40000000A\n" +
        "   3V3_DAC_A current(17)=0.00010000A\n" +
        " 3V7_WL_SW_V volt(8)=3.70000000V\n" +
        "   3V3_SYS_V volt(9)=3.31000000V\n" +
        "   1V8_SYS_V volt(10)=1.80000000V\n" +
        "  DDR_VDD2_V volt(11)=1.10000000V\n" +
        "  DDR_VDDQ_V volt(12)=0.60000000V\n" +
        "   1V1_SYS_V volt(13)=1.11000000V\n" +
        "    0V8_SW_V volt(14)=0.80000000V\n" +
        "  VDD_CORE_V volt(15)=0.86000000V\n" +
        "   3V3_DAC_V volt(20)=3.31000000V\n" +
        "     EXT5V_V volt(24)=5.10000000V\n" +
        "      BATT_V volt(25)=nanV\n";

    /// <summary>The rails above with both lines, and their power: the test's independent arithmetic.</summary>
    public static readonly (string Rail, double Amps, double Volts)[] Pi5Rails =
    [
        ("3V7_WL_SW", 0.0512, 3.70), ("3V3_SYS", 0.095, 3.31), ("1V8_SYS", 0.19, 1.80), ("DDR_VDD2", 0.12, 1.10),
        ("DDR_VDDQ", 0.0, 0.60), ("1V1_SYS", 0.17, 1.11), ("0V8_SW", 0.31, 0.80), ("VDD_CORE", 2.40, 0.86), ("3V3_DAC", 0.0001, 3.31),
    ];

    /// <summary>What vcgencmd prints on a board without the command (a Pi 4).</summary>
    public const string NotRegistered = "error=1 error_msg=\"Command not registered\"\n";
}

// Constants of bridge protocol v1 (docs/bridge-protocol.md), included inside each module that
// needs them. (A package would be the lowRISC way; Yosys 0.23 cannot import one.) Each
// includer uses some of them.
/* verilator lint_off UNUSEDPARAM */
localparam logic [7:0] Magic0 = 8'hED;
localparam logic [7:0] Magic1 = 8'hB1;
localparam int HeaderBytes = 16;
localparam int OverheadBytes = 20;
localparam logic [15:0] ProtocolVersion = 16'd1;

localparam logic [7:0] MsgHello = 8'h01;
localparam logic [7:0] MsgUpload = 8'h02;
localparam logic [7:0] MsgRun = 8'h03;
localparam logic [7:0] MsgReset = 8'h04;
localparam logic [7:0] MsgCounters = 8'h05;

localparam logic [7:0] FlagResponse = 8'h01;
localparam logic [7:0] FlagError = 8'h02;

localparam logic [15:0] StOk = 16'd0;
localparam logic [15:0] StCrcError = 16'd1;
localparam logic [15:0] StUnknownMessage = 16'd2;
localparam logic [15:0] StBadLength = 16'd3;
localparam logic [15:0] StVersionMismatch = 16'd4;
localparam logic [15:0] StSlotOutOfRange = 16'd5;
localparam logic [15:0] StTooLarge = 16'd6;
localparam logic [15:0] StOutOfCapacity = 16'd7;
localparam logic [15:0] StNotResident = 16'd8;
localparam logic [15:0] StShapeMismatch = 16'd9;
localparam logic [15:0] StUnsupportedFormat = 16'd10;
localparam logic [15:0] StOutOfOrder = 16'd11;
localparam logic [15:0] StNoSession = 16'd12;

// TQ2_0: 256 weights per block in 64 code bytes and a 2-byte fp16 scale the integer engine never reads.
localparam int BlockWeights = 256;
localparam int BlockBytes = 66;
localparam int BlockCodeBytes = 64;

localparam logic [31:0] CrcInit = 32'hFFFF_FFFF;

// One byte of reflected CRC-32C (poly 0x82F63B78); the frame CRC is ~crc after the last byte.
function automatic logic [31:0] crc32c_byte(input logic [31:0] crc, input logic [7:0] data);
  logic [31:0] c;
  c = crc ^ {24'd0, data};
  for (int i = 0; i < 8; i++) begin
    c = c[0] ? ((c >> 1) ^ 32'h82F6_3B78) : (c >> 1);
  end
  crc32c_byte = c;
endfunction
/* verilator lint_on UNUSEDPARAM */

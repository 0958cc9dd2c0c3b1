// Error texts (UTF-8 payloads of error responses), one per status code, read a byte at a time.
// The device model's texts carry details (slot
// numbers, sizes) that firmware leaves out, and keep the same key words.
module bridge_msg_rom (
  input  logic [3:0] status_i,
  input  logic [6:0] index_i,
  output logic [6:0] len_o,
  output logic [7:0] byte_o
);
  localparam int MaxLen = 103;
  localparam logic [8*MaxLen-1:0] Text1 = {328'd0, "payload CRC-32C mismatch; resend with the same sequence number"};
  localparam logic [8*MaxLen-1:0] Text2 = {664'd0, "unknown message type"};
  localparam logic [8*MaxLen-1:0] Text3 = {504'd0, "payload length does not match its header"};
  localparam logic [8*MaxLen-1:0] Text4 = {40'd0, "host speaks another bridge protocol version than this device (v1); update the host or the firmware"};
  localparam logic [8*MaxLen-1:0] Text5 = {544'd0, "slot is outside this device's slots"};
  localparam logic [8*MaxLen-1:0] Text6 = {192'd0, "too large for this device: fewer rows or columns, or send fewer vectors per Run"};
  localparam logic [8*MaxLen-1:0] Text7 = {504'd0, "weight memory full. Offload fewer layers"};
  localparam logic [8*MaxLen-1:0] Text8 = {448'd0, "slot holds no complete weights; upload it first"};
  localparam logic [8*MaxLen-1:0] Text9 = "shape mismatch: the chunk does not continue the slot's upload, or shared activations need equal columns";
  localparam logic [8*MaxLen-1:0] Text10 = {288'd0, "result format, activation layout or packing format is not supported"};
  localparam logic [8*MaxLen-1:0] Text11 = {496'd0, "upload chunk is beyond the bytes received"};
  localparam logic [8*MaxLen-1:0] Text12 = {448'd0, "send Hello first: no session on this connection"};
  logic [8*MaxLen-1:0] text;
  always_comb begin
    unique case (status_i)
      4'd1: begin text = Text1; len_o = 7'd62; end
      4'd2: begin text = Text2; len_o = 7'd20; end
      4'd3: begin text = Text3; len_o = 7'd40; end
      4'd4: begin text = Text4; len_o = 7'd98; end
      4'd5: begin text = Text5; len_o = 7'd35; end
      4'd6: begin text = Text6; len_o = 7'd79; end
      4'd7: begin text = Text7; len_o = 7'd40; end
      4'd8: begin text = Text8; len_o = 7'd47; end
      4'd9: begin text = Text9; len_o = 7'd103; end
      4'd10: begin text = Text10; len_o = 7'd67; end
      4'd11: begin text = Text11; len_o = 7'd41; end
      4'd12: begin text = Text12; len_o = 7'd47; end
      default: begin text = '0; len_o = 7'd0; end
    endcase
    // Character i of a text of length n sits at bits 8*(n-1-i) of its right-aligned constant.
    byte_o = text[8*(7'(len_o - 7'd1 - index_i)) +: 8];
  end
endmodule

// Frame transmitter: sends header, payload and trailer, computing both CRC-32Cs as the bytes
// leave (the header CRC covers bytes 0..11 and follows them, the payload CRC follows the
// payload). The payload comes from the transmit buffer (one-cycle read) or, for error
// responses, from the message ROM, so a NAK never overwrites the cached response.
module bridge_frame_tx #(
  parameter int MaxPayload = 4096,
  localparam int LenW = $clog2(MaxPayload + 1),
  localparam int BufAddrW = $clog2(MaxPayload)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                start_i,
  input  logic [7:0]          type_i,
  input  logic [7:0]          flags_i,
  input  logic [15:0]         seq_i,
  input  logic [15:0]         status_i,
  input  logic [LenW-1:0]     len_i,
  input  logic                from_rom_i,
  output logic                busy_o,
  output logic [BufAddrW-1:0] buf_raddr_o,
  input  logic [7:0]          buf_rdata_i,
  output logic [3:0]          rom_status_o,
  output logic [6:0]          rom_index_o,
  input  logic [7:0]          rom_byte_i,
  output logic                out_valid_o,
  output logic [7:0]          out_data_o,
  input  logic                out_ready_i,
  output logic                out_last_o
);
  `include "bridge_defs.svh"
  typedef enum logic [2:0] {Idle, Header, Fetch, Capture, Send, Trailer} state_e;
  state_e state_q;
  logic [7:0] type_q, flags_q;
  logic [15:0] seq_q, status_q;
  logic [LenW-1:0] len_q, index_q;
  logic from_rom_q;
  logic [4:0] hindex_q;
  logic [31:0] crc_q;
  logic [7:0] data_q;
  logic valid_q;

  // Byte i of the finished CRC (~crc_q), little-endian.
  function automatic logic [7:0] crc_byte(input logic [1:0] i);
    unique case (i)
      2'd0: crc_byte = ~crc_q[7:0];
      2'd1: crc_byte = ~crc_q[15:8];
      2'd2: crc_byte = ~crc_q[23:16];
      default: crc_byte = ~crc_q[31:24];
    endcase
  endfunction

  logic [7:0] header_byte;
  always_comb begin
    unique case (hindex_q[3:0])
      4'd0: header_byte = Magic0;
      4'd1: header_byte = Magic1;
      4'd2: header_byte = type_q;
      4'd3: header_byte = flags_q;
      4'd4: header_byte = seq_q[7:0];
      4'd5: header_byte = seq_q[15:8];
      4'd6: header_byte = status_q[7:0];
      4'd7: header_byte = status_q[15:8];
      4'd8: header_byte = 8'(len_q);
      4'd9: header_byte = 8'(len_q >> 8);
      4'd10: header_byte = 8'(len_q >> 16);
      4'd11: header_byte = 8'(32'(len_q) >> 24);
      default: header_byte = crc_byte(hindex_q[1:0]);
    endcase
  end

  assign busy_o = (state_q != Idle);
  assign buf_raddr_o = BufAddrW'(index_q);
  assign rom_status_o = status_q[3:0];
  assign rom_index_o = 7'(index_q);
  assign out_valid_o = valid_q;
  assign out_data_o = data_q;
  assign out_last_o = (state_q == Trailer) && (hindex_q == 5'd3);

  // One CRC step for header and payload bytes (the register restarts between them).
  logic [7:0] payload_byte, crc_in;
  logic [31:0] crc_next;
  assign payload_byte = from_rom_q ? rom_byte_i : buf_rdata_i;
  assign crc_in = (state_q == Header) ? header_byte : payload_byte;
  assign crc_next = crc32c_byte(crc_q, crc_in);

  logic accepted;
  assign accepted = valid_q && out_ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      type_q <= '0;
      flags_q <= '0;
      seq_q <= '0;
      status_q <= '0;
      len_q <= '0;
      index_q <= '0;
      from_rom_q <= 1'b0;
      hindex_q <= '0;
      crc_q <= CrcInit;
      data_q <= '0;
      valid_q <= 1'b0;
    end else begin
      unique case (state_q)
        Idle: if (start_i) begin
          type_q <= type_i;
          flags_q <= flags_i;
          seq_q <= seq_i;
          status_q <= status_i;
          len_q <= len_i;
          from_rom_q <= from_rom_i;
          hindex_q <= '0;
          index_q <= '0;
          crc_q <= CrcInit;
          state_q <= Header;
        end
        // Header bytes 0..15; the CRC register covers 0..11, then restarts for the payload.
        Header: if (!valid_q || accepted) begin
          if (hindex_q == 5'd16) begin
            valid_q <= 1'b0;
            crc_q <= CrcInit;
            hindex_q <= '0;
            state_q <= (len_q == 0) ? Trailer : Fetch;
          end else begin
            data_q <= header_byte;
            valid_q <= 1'b1;
            if (hindex_q < 5'd12) crc_q <= crc_next;
            if (hindex_q == 5'd11) hindex_q <= 5'd12;
            else hindex_q <= hindex_q + 1'b1;
          end
        end
        Fetch: if (!valid_q || accepted) begin
          valid_q <= 1'b0;
          state_q <= Capture;
        end
        Capture: begin
          data_q <= payload_byte;
          valid_q <= 1'b1;
          crc_q <= crc_next;
          index_q <= index_q + 1'b1;
          state_q <= (index_q + 1'b1 == len_q) ? Send : Fetch;
        end
        // The last payload byte leaves, then the trailer.
        Send: if (accepted) begin
          valid_q <= 1'b0;
          hindex_q <= '0;
          state_q <= Trailer;
        end
        Trailer: if (!valid_q || accepted) begin
          if (valid_q && hindex_q == 5'd3) begin
            valid_q <= 1'b0;
            state_q <= Idle;
          end else begin
            data_q <= crc_byte(valid_q ? hindex_q[1:0] + 2'd1 : 2'd0);
            valid_q <= 1'b1;
            if (valid_q) hindex_q <= hindex_q + 1'b1;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end
endmodule

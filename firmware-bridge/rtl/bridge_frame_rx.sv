// Frame receiver (Protocol/FrameReceiver.cs in hardware). Hunts for the magic, trusts a
// header only when its CRC-32C matches and its length fits, and otherwise skips one byte and
// hunts again through the header bytes already taken (replayed from the header buffer), which
// is how it skips SPI idle bytes and resynchronises after dropped or corrupt bytes. Payload
// bytes go to the receive buffer; the first HeadBytes are also kept in registers for the
// command decoder. A frame that stops arriving for TimeoutTicks ticks is abandoned: its first
// byte is skipped and the rest of its header is hunted again. Replay reads the header buffer
// in place: a new header being assembled from replayed bytes always writes below the byte
// being replayed.
module bridge_frame_rx #(
  parameter int MaxPayload = 4096,
  parameter int HeadBytes = 24,
  parameter int TimeoutTicks = 50,
  localparam int LenW = $clog2(MaxPayload + 1),
  localparam int BufAddrW = $clog2(MaxPayload)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   tick_i,
  input  logic                   in_valid_i,
  input  logic [7:0]             in_data_i,
  output logic                   in_ready_o,
  input  logic                   enable_i,
  output logic                   buf_we_o,
  output logic [BufAddrW-1:0]    buf_waddr_o,
  output logic [7:0]             buf_wdata_o,
  output logic                   frame_valid_o,
  input  logic                   frame_ack_i,
  output logic [7:0]             type_o,
  output logic [7:0]             flags_o,
  output logic [15:0]            seq_o,
  output logic [LenW-1:0]        len_o,
  output logic                   payload_ok_o,
  output logic [8*HeadBytes-1:0] head_o
);
  `include "bridge_defs.svh"
  typedef enum logic [1:0] {Header, Payload, Trailer, Done} state_e;
  state_e state_q;
  logic [7:0] hdr_q [HeaderBytes];
  logic [4:0] hdr_n_q;
  logic [4:0] rep_n_q, rep_i_q;  // replaying hdr_q[rep_i_q .. rep_n_q - 1]
  logic [31:0] crc_q;
  logic [LenW-1:0] count_q;
  logic [31:0] trailer_q;
  logic [1:0] trl_n_q;
  logic [$clog2(TimeoutTicks + 1)-1:0] idle_q;

  // The byte taken this cycle: replayed header bytes first, then the link.
  logic take;
  logic [7:0] b;
  logic replaying;
  assign replaying = (rep_i_q != rep_n_q);
  assign in_ready_o = enable_i && !replaying && (state_q != Done);
  assign take = replaying || (in_valid_i && in_ready_o);
  assign b = replaying ? hdr_q[rep_i_q[3:0]] : in_data_i;

  logic [31:0] crc_next;
  assign crc_next = crc32c_byte(crc_q, b);

  // Header check on its last byte.
  logic [31:0] hdr_crc_field, hdr_len_field;
  logic hdr_good;
  assign hdr_crc_field = {b, hdr_q[14], hdr_q[13], hdr_q[12]};
  assign hdr_len_field = {hdr_q[11], hdr_q[10], hdr_q[9], hdr_q[8]};
  assign hdr_good = (hdr_crc_field == ~crc_q) && (hdr_len_field <= 32'(MaxPayload));

  logic stalled;
  assign stalled = !replaying && (idle_q == TimeoutTicks[$bits(idle_q)-1:0])
                   && ((state_q == Header && hdr_n_q != 0) || state_q == Payload || state_q == Trailer);

  assign buf_we_o = take && (state_q == Payload);
  assign buf_waddr_o = BufAddrW'(count_q);
  assign buf_wdata_o = b;
  assign frame_valid_o = (state_q == Done);
  assign type_o = hdr_q[2];
  assign flags_o = hdr_q[3];
  assign seq_o = {hdr_q[5], hdr_q[4]};
  assign payload_ok_o = (trailer_q == ~crc_q);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Header;
      hdr_n_q <= '0;
      rep_n_q <= '0;
      rep_i_q <= '0;
      crc_q <= CrcInit;
      count_q <= '0;
      len_o <= '0;
      trailer_q <= '0;
      trl_n_q <= '0;
      idle_q <= '0;
      head_o <= '0;
      for (int i = 0; i < HeaderBytes; i++) hdr_q[i] <= '0;
    end else begin
      if (take && !replaying) idle_q <= '0;
      else if (tick_i && idle_q != TimeoutTicks[$bits(idle_q)-1:0]) idle_q <= idle_q + 1'b1;
      if (replaying && take) rep_i_q <= rep_i_q + 1'b1;

      if (stalled) begin
        // Skip the stalled frame's first byte and hunt again through the rest of its header.
        rep_n_q <= (state_q == Header) ? hdr_n_q : 5'd16;
        rep_i_q <= 5'd1;
        hdr_n_q <= '0;
        crc_q <= CrcInit;
        idle_q <= '0;
        state_q <= Header;
      end else begin
        unique case (state_q)
          Header: if (take) begin
            if (hdr_n_q == 0) begin
              // crc_q is CrcInit whenever no header byte is held, so one CRC step serves.
              if (b == Magic0) begin hdr_q[0] <= b; hdr_n_q <= 5'd1; crc_q <= crc_next; end
            end else if (hdr_n_q == 1) begin
              if (b == Magic1) begin hdr_q[1] <= b; hdr_n_q <= 5'd2; crc_q <= crc_next; end
              else if (b != Magic0) begin hdr_n_q <= '0; crc_q <= CrcInit; end
              // A second ED may start the frame: keep hdr_q[0] and its CRC as they are.
            end else if (hdr_n_q < 5'd15) begin
              hdr_q[hdr_n_q[3:0]] <= b;
              hdr_n_q <= hdr_n_q + 1'b1;
              if (hdr_n_q < 5'd12) crc_q <= crc_next;
            end else begin
              hdr_q[15] <= b;
              if (hdr_good) begin
                len_o <= LenW'(hdr_len_field);
                count_q <= '0;
                crc_q <= CrcInit;
                trl_n_q <= '0;
                head_o <= '0;
                state_q <= (hdr_len_field == 0) ? Trailer : Payload;
              end else begin
                // Not a frame start: skip its first byte, hunt through the other 15.
                rep_n_q <= 5'd16;
                rep_i_q <= 5'd1;
                crc_q <= CrcInit;
              end
              hdr_n_q <= '0;
            end
          end
          Payload: if (take) begin
            crc_q <= crc_next;
            for (int i = 0; i < HeadBytes; i++)
              if (count_q == LenW'(i)) head_o[8*i +: 8] <= b;
            count_q <= count_q + 1'b1;
            if (count_q + 1'b1 == len_o) state_q <= Trailer;
          end
          Trailer: if (take) begin
            trailer_q <= {b, trailer_q[31:8]};
            trl_n_q <= trl_n_q + 1'b1;
            if (trl_n_q == 2'd3) state_q <= Done;
          end
          Done: if (frame_ack_i) begin
            crc_q <= CrcInit;
            state_q <= Header;
          end
          default: state_q <= Header;
        endcase
      end
    end
  end
endmodule

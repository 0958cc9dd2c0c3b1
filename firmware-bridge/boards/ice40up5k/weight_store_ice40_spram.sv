// The weight-store interface on the iCE40 UP5K's four SB_SPRAM256KA blocks (16K x 16 each,
// 128 KiB), stacked in depth, one lane (one code byte, 4 ternary weights) per word: 128K
// bytes. One-cycle read latency, nibble write masks carry the byte enable, gnt_o always high.
// The 128 KiB hold 131,072 code bytes = 524,288 ternary weights (135,168 TQ2_0 bytes as the host
// counts them; the per-block scale bytes are not stored).
module weight_store_ice40_spram (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        req_i,
  input  logic        we_i,
  input  logic [16:0] addr_i,   // byte address
  input  logic [0:0]  be_i,
  input  logic [7:0]  wdata_i,
  output logic        gnt_o,
  output logic        rvalid_o,
  output logic [7:0]  rdata_o
);
  logic [1:0] bank_q;
  logic odd_q;
  logic [15:0] rdata [4];

  for (genvar d = 0; d < 4; d++) begin : g_bank
    SB_SPRAM256KA u_spram (
      .ADDRESS(addr_i[14:1]),
      .DATAIN({wdata_i, wdata_i}),
      .MASKWREN(addr_i[0] ? 4'b1100 : 4'b0011),
      .WREN(req_i && we_i && be_i[0] && (addr_i[16:15] == d[1:0])),
      .CHIPSELECT(1'b1),
      .CLOCK(clk_i),
      .STANDBY(1'b0),
      .SLEEP(1'b0),
      .POWEROFF(1'b1),
      .DATAOUT(rdata[d])
    );
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rvalid_o <= 1'b0;
      bank_q <= '0;
      odd_q <= 1'b0;
    end else begin
      rvalid_o <= req_i && !we_i;
      bank_q <= addr_i[16:15];
      odd_q <= addr_i[0];
    end
  end

  assign gnt_o = 1'b1;
  assign rdata_o = odd_q ? rdata[bank_q][15:8] : rdata[bank_q][7:0];
endmodule

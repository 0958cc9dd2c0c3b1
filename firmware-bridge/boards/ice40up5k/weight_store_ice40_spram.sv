// The weight-store interface on the iCE40 UP5K's four SB_SPRAM256KA blocks (16K x 16 each,
// 128 KiB), stacked in depth: 64K words of 2 lanes (2 code bytes, 8 ternary weights) each.
// One-cycle read latency, nibble write masks carry the byte enables, gnt_o always high. The
// 128 KiB hold 131,072 code bytes = 524,288 ternary weights (135,168 TQ2_0 bytes as the host
// counts them; the per-block scale bytes are not stored).
module weight_store_ice40_spram (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        req_i,
  input  logic        we_i,
  input  logic [15:0] addr_i,
  input  logic [1:0]  be_i,
  input  logic [15:0] wdata_i,
  output logic        gnt_o,
  output logic        rvalid_o,
  output logic [15:0] rdata_o
);
  logic [1:0] bank_q;
  logic [15:0] rdata [4];

  for (genvar d = 0; d < 4; d++) begin : g_bank
    SB_SPRAM256KA u_spram (
      .ADDRESS(addr_i[13:0]),
      .DATAIN(wdata_i),
      .MASKWREN({be_i[1], be_i[1], be_i[0], be_i[0]}),
      .WREN(req_i && we_i && (addr_i[15:14] == d[1:0])),
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
    end else begin
      rvalid_o <= req_i && !we_i;
      bank_q <= addr_i[15:14];
    end
  end

  assign gnt_o = 1'b1;
  assign rdata_o = rdata[bank_q];
endmodule

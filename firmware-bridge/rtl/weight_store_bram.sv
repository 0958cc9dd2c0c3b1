// On-chip weight store: the weight-store interface over inferred block RAM, one word of
// Lanes code bytes per cycle, byte write enables. Fixed read latency of one cycle; gnt_o is
// always high. Another memory (SPRAM, SDRAM, DDR behind PCIe) implements the same ports and
// may hold gnt_o low or return rvalid_o later: ternary_gemv waits for both.
module weight_store_bram #(
  parameter int Lanes = 4,
  parameter int Words = 8192,
  localparam int AddrW = $clog2(Words)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               req_i,
  input  logic               we_i,
  input  logic [AddrW-1:0]   addr_i,
  input  logic [Lanes-1:0]   be_i,
  input  logic [8*Lanes-1:0] wdata_i,
  output logic               gnt_o,
  output logic               rvalid_o,
  output logic [8*Lanes-1:0] rdata_o
);
  for (genvar l = 0; l < Lanes; l++) begin : g_bank
    logic [7:0] bank_q [Words];
    always_ff @(posedge clk_i) begin
      if (req_i && we_i && be_i[l]) bank_q[addr_i] <= wdata_i[8*l +: 8];
      rdata_o[8*l +: 8] <= bank_q[addr_i];
    end
  end

  assign gnt_o = 1'b1;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) rvalid_o <= 1'b0;
    else rvalid_o <= req_i && !we_i;
  end
endmodule

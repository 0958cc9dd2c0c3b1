// Activation buffer in the order TQ2_0 codes consume it. Code byte m of half k of block b
// holds the weights for x[256b + 128k + m + 32n], n = 0..3 (runtime Formats/Tq2_0.cs), so
// activation j is written to bank (n * Lanes + m % Lanes) at word (b, k, m / Lanes).
// Weight word w and activation word w then line up: lane l, code n of the weight word
// multiplies bank n * Lanes + l. One byte written, 4 * Lanes bytes read per cycle.
module act_buffer #(
  parameter int Lanes = 4,
  parameter int MaxCols = 4096,
  localparam int Banks = 4 * Lanes,
  localparam int Words = MaxCols / Banks,
  localparam int ColW = $clog2(MaxCols),
  localparam int WordW = $clog2(Words)
) (
  input  logic               clk_i,
  input  logic               we_i,
  input  logic [ColW-1:0]    windex_i,
  input  logic [7:0]         wdata_i,
  input  logic [WordW-1:0]   raddr_i,
  output logic [8*Banks-1:0] rdata_o
);
  localparam int LaneW = (Lanes > 1) ? $clog2(Lanes) : 1;

  logic [4:0] m;
  logic [1:0] n;
  logic [$clog2(Banks)-1:0] bank;
  logic [WordW-1:0] waddr;

  assign m = windex_i[4:0];
  assign n = windex_i[6:5];
  if (Lanes > 1) begin : g_multi
    assign bank = {n, m[LaneW-1:0]};
  end else begin : g_single
    assign bank = n;
  end
  // (b, k) are the column bits above 7 and bit 7; m / Lanes the low word bits.
  assign waddr = WordW'({windex_i[ColW-1:7], m} >> $clog2(Lanes));

  for (genvar i = 0; i < Banks; i++) begin : g_bank
    logic [7:0] bank_q [Words];
    always_ff @(posedge clk_i) begin
      if (we_i && bank == i) bank_q[waddr] <= wdata_i;
      rdata_o[8*i +: 8] <= bank_q[raddr_i];
    end
  end
endmodule

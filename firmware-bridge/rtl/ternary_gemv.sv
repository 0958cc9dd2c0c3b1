// Ternary GEMV engine: acc_r = sum_j q_j * t_rj with one add, subtract or skip per weight and
// no multiplier (docs/model-spec.md "BitLinear" step 4, DeviceModel/TernaryGemv.cs). Each cycle it
// consumes one weight word of Lanes TQ2_0 code bytes (4 * Lanes weights) and the matching
// activation word. Code 2 adds x, code 0 subtracts it, code 1 skips; code 3 (never written by
// EdgeMmf) adds 2x like the CPU's (code - 1). Rows are computed one after another; a row
// result waits for res_ready_i.
module ternary_gemv #(
  parameter int Lanes = 4,
  parameter int StoreAddrW = 13,
  parameter int RowWordsW = 12,
  parameter int RowsW = 16,
  parameter int AccW = 32,
  localparam int Banks = 4 * Lanes,
  localparam int AddsW = $clog2(2 * Banks + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  start_i,
  input  logic [StoreAddrW-1:0] base_i,
  input  logic [RowWordsW-1:0]  row_words_i,
  input  logic [RowsW-1:0]      rows_i,
  // weight store, read side
  output logic                  req_o,
  output logic [StoreAddrW-1:0] addr_o,
  input  logic                  gnt_i,
  input  logic                  rvalid_i,
  input  logic [8*Lanes-1:0]    rdata_i,
  // activation buffer
  output logic [RowWordsW-1:0]  act_raddr_o,
  input  logic [8*Banks-1:0]    act_rdata_i,
  // one accumulator per row
  output logic                  res_valid_o,
  output logic [AccW-1:0]       res_o,
  input  logic                  res_ready_i,
  output logic                  busy_o,
  output logic [AddsW-1:0]      adds_o
);
  typedef enum logic [1:0] {Idle, Row, Result} state_e;
  state_e state_q;
  logic [StoreAddrW-1:0] row_base_q;
  logic [RowWordsW-1:0] row_words_q, issue_q, resp_q;
  logic [RowsW-1:0] rows_q, row_q;
  logic [8*Lanes-1:0] w_q;
  logic a_valid_q;
  logic signed [AccW-1:0] acc_q;

  // Adder tree over the word: each term is x, -x, 0 or 2x, so |sum| <= 2 * 128 * Banks. A
  // subtraction is ~x plus one: the ones are added once, as the count of code-0 weights.
  localparam int SumW = 10 + $clog2(Banks);
  logic signed [SumW-1:0] word_sum;
  logic [AddsW-1:0] word_adds;
  always_comb begin
    logic [AddsW-1:0] negatives;
    word_sum = '0;
    word_adds = '0;
    negatives = '0;
    for (int l = 0; l < Lanes; l++) begin
      for (int n = 0; n < 4; n++) begin
        logic [1:0] code;
        logic signed [SumW-1:0] x, term;
        code = w_q[8*l + 2*n +: 2];
        x = SumW'(signed'(act_rdata_i[8*(n*Lanes + l) +: 8]));
        unique case (code)
          2'd0: term = ~x;
          2'd2: term = x;
          2'd3: term = x <<< 1;
          default: term = '0;
        endcase
        word_sum = word_sum + term;
        negatives = negatives + AddsW'(code == 2'd0);
        word_adds = word_adds + ((code == 2'd3) ? AddsW'(2) : AddsW'(code != 2'd1));
      end
    end
    word_sum = word_sum + SumW'(negatives);
  end

  assign req_o = (state_q == Row) && (issue_q != row_words_q);
  assign addr_o = row_base_q + StoreAddrW'(issue_q);
  assign act_raddr_o = resp_q;
  assign res_valid_o = (state_q == Result);
  assign res_o = acc_q;
  assign busy_o = (state_q != Idle);
  assign adds_o = a_valid_q ? word_adds : '0;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      row_base_q <= '0;
      row_words_q <= '0;
      issue_q <= '0;
      resp_q <= '0;
      rows_q <= '0;
      row_q <= '0;
      w_q <= '0;
      a_valid_q <= 1'b0;
      acc_q <= '0;
    end else begin
      unique case (state_q)
        Idle: begin
          if (start_i) begin
            row_base_q <= base_i;
            row_words_q <= row_words_i;
            rows_q <= rows_i;
            row_q <= '0;
            issue_q <= '0;
            resp_q <= '0;
            acc_q <= '0;
            a_valid_q <= 1'b0;
            state_q <= Row;
          end
        end
        Row: begin
          if (req_o && gnt_i) issue_q <= issue_q + 1'b1;
          a_valid_q <= rvalid_i;
          if (rvalid_i) begin
            w_q <= rdata_i;
            resp_q <= resp_q + 1'b1;
          end
          if (a_valid_q) acc_q <= acc_q + AccW'(word_sum);
          if (resp_q == row_words_q && !a_valid_q && !rvalid_i) state_q <= Result;
        end
        Result: begin
          if (res_ready_i) begin
            row_q <= row_q + 1'b1;
            row_base_q <= row_base_q + StoreAddrW'(row_words_q);
            issue_q <= '0;
            resp_q <= '0;
            acc_q <= '0;
            state_q <= (row_q + 1'b1 == rows_q) ? Idle : Row;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end
endmodule

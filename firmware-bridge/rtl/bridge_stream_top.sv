// The core with an on-chip weight store behind a plain byte-stream port: what the Verilator
// co-simulation serves on TCP (firmware-bridge/sim/) and what a UART or FIFO bridge would use.
module bridge_stream_top #(
  parameter int Lanes = 4,
  parameter int StoreWords = 1 << 20,
  parameter int MaxPayload = 8192,
  parameter int MaxRows = 65535,
  parameter int MaxCols = 16384,
  parameter int Slots = 64,
  parameter int MaxVectors = 16,
  parameter int MaxMatrices = 8,
  parameter int ClockHz = 100_000_000,
  parameter int NsPerCycle = 10
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       tick_i,
  input  logic       session_clear_i,
  input  logic       in_valid_i,
  input  logic [7:0] in_data_i,
  output logic       in_ready_o,
  output logic       out_valid_o,
  output logic [7:0] out_data_o,
  output logic       out_last_o,
  input  logic       out_ready_i,
  output logic       idle_o
);
  localparam int StoreAddrW = $clog2(StoreWords);
  logic req, we, gnt, rvalid;
  logic [StoreAddrW-1:0] addr;
  logic [Lanes-1:0] be;
  logic [8*Lanes-1:0] wdata, rdata;

  bridge_core #(
    .Lanes(Lanes), .StoreWords(StoreWords), .MaxPayload(MaxPayload), .MaxRows(MaxRows), .MaxCols(MaxCols),
    .Slots(Slots), .MaxVectors(MaxVectors), .MaxMatrices(MaxMatrices), .ClockHz(ClockHz), .NsPerCycle(NsPerCycle)
  ) u_core (
    .clk_i, .rst_ni, .tick_i, .session_clear_i, .in_valid_i, .in_data_i, .in_ready_o,
    .out_valid_o, .out_data_o, .out_last_o, .out_ready_i, .idle_o,
    .store_req_o(req), .store_we_o(we), .store_addr_o(addr), .store_be_o(be), .store_wdata_o(wdata),
    .store_gnt_i(gnt), .store_rvalid_i(rvalid), .store_rdata_i(rdata)
  );

  weight_store_bram #(.Lanes(Lanes), .Words(StoreWords)) u_store (
    .clk_i, .rst_ni, .req_i(req), .we_i(we), .addr_i(addr), .be_i(be), .wdata_i(wdata),
    .gnt_o(gnt), .rvalid_o(rvalid), .rdata_o(rdata)
  );
endmodule

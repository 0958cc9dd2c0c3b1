// The core behind AXI4-Stream ports, for a PCIe card: an XDMA (or QDMA) in AXI-stream mode, or a
// small mailbox that moves the request buffer into s_axis and m_axis into the response buffer
// (docs/fpga.md "PCIe"). 8-bit streams; m_axis_tlast marks the last byte of each response frame,
// s_axis_tlast is not needed (frames carry their length). The weight memory attaches to store_*
// (block RAM, or DDR behind an AXI master that implements the weight-store interface).
// Not built here: no PCIe board or vendor toolchain is available; Verilator lints it in CI.
module bridge_axis #(
  parameter int Lanes = 16,
  parameter int StoreWords = 1 << 22,
  parameter int MaxPayload = 65536,
  parameter int MaxRows = 65535,
  parameter int MaxCols = 16384,
  parameter int Slots = 1024,
  parameter int MaxVectors = 64,
  parameter int MaxMatrices = 8,
  parameter int ClockHz = 250_000_000,
  parameter int NsPerCycle = 4,
  localparam int StoreAddrW = $clog2(StoreWords)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  tick_i,
  input  logic [7:0]            s_axis_tdata,
  input  logic                  s_axis_tvalid,
  output logic                  s_axis_tready,
  output logic [7:0]            m_axis_tdata,
  output logic                  m_axis_tvalid,
  output logic                  m_axis_tlast,
  input  logic                  m_axis_tready,
  output logic                  store_req_o,
  output logic                  store_we_o,
  output logic [StoreAddrW-1:0] store_addr_o,
  output logic [Lanes-1:0]      store_be_o,
  output logic [8*Lanes-1:0]    store_wdata_o,
  input  logic                  store_gnt_i,
  input  logic                  store_rvalid_i,
  input  logic [8*Lanes-1:0]    store_rdata_i
);
  logic idle;

  bridge_core #(
    .Lanes(Lanes), .StoreWords(StoreWords), .MaxPayload(MaxPayload), .MaxRows(MaxRows), .MaxCols(MaxCols),
    .Slots(Slots), .MaxVectors(MaxVectors), .MaxMatrices(MaxMatrices), .ClockHz(ClockHz), .NsPerCycle(NsPerCycle)
  ) u_core (
    .clk_i, .rst_ni, .tick_i, .session_clear_i(1'b0),
    .in_valid_i(s_axis_tvalid), .in_data_i(s_axis_tdata), .in_ready_o(s_axis_tready),
    .out_valid_o(m_axis_tvalid), .out_data_o(m_axis_tdata), .out_last_o(m_axis_tlast), .out_ready_i(m_axis_tready),
    .idle_o(idle),
    .store_req_o, .store_we_o, .store_addr_o, .store_be_o, .store_wdata_o, .store_gnt_i, .store_rvalid_i, .store_rdata_i
  );

  logic unused;
  assign unused = idle;
endmodule

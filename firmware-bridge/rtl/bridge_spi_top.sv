// The core behind the SPI peripheral with an on-chip block-RAM weight store (or, with
// BRIDGE_SPRAM_STORE defined, the UP5K's SPRAM store): the SPI testbench's device
// (firmware-bridge/sim/spi_tb.cpp). Boards use their own top with their
// memory (boards/ice40up5k/ice40up5k_top.sv uses SPRAM).
module bridge_spi_top #(
  parameter int Lanes = 1,           // as the UP5K build
  parameter int StoreWords = 16384,
  parameter int MaxPayload = 1024,
  parameter int MaxRows = 1024,
  parameter int MaxCols = 1024,
  parameter int Slots = 8,
  parameter int TimeoutTicks = 50
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic tick_i,
  input  logic spi_sck_i,
  input  logic spi_cs_ni,
  input  logic spi_mosi_i,
  output logic spi_miso_o,
  output logic rx_dropped_o
);
  localparam int StoreAddrW = $clog2(StoreWords);
  logic rx_valid, rx_ready, tx_valid, tx_ready, tx_last, idle;
  logic [7:0] rx_data, tx_data;
  logic req, we, gnt, rvalid;
  logic [StoreAddrW-1:0] addr;
  logic [Lanes-1:0] be;
  logic [8*Lanes-1:0] wdata, rdata;

  spi_peripheral u_spi (
    .clk_i, .rst_ni, .spi_sck_i, .spi_cs_ni, .spi_mosi_i, .spi_miso_o,
    .rx_valid_o(rx_valid), .rx_data_o(rx_data), .rx_ready_i(rx_ready),
    .tx_valid_i(tx_valid), .tx_data_i(tx_data), .tx_ready_o(tx_ready), .rx_dropped_o
  );

  bridge_core #(
    .Lanes(Lanes), .StoreWords(StoreWords), .MaxPayload(MaxPayload), .MaxRows(MaxRows), .MaxCols(MaxCols),
    .Slots(Slots), .TimeoutTicks(TimeoutTicks)
  ) u_core (
    .clk_i, .rst_ni, .tick_i, .session_clear_i(1'b0),
    .in_valid_i(rx_valid), .in_data_i(rx_data), .in_ready_o(rx_ready),
    .out_valid_o(tx_valid), .out_data_o(tx_data), .out_last_o(tx_last), .out_ready_i(tx_ready), .idle_o(idle),
    .store_req_o(req), .store_we_o(we), .store_addr_o(addr), .store_be_o(be), .store_wdata_o(wdata),
    .store_gnt_i(gnt), .store_rvalid_i(rvalid), .store_rdata_i(rdata)
  );

`ifdef BRIDGE_SPRAM_STORE
  // The UP5K board's store (boards/ice40up5k/), simulated with Yosys' SB_SPRAM256KA model:
  // build with -DBRIDGE_SPRAM_STORE -GLanes=1 -GStoreWords=131072.
  weight_store_ice40_spram u_store (
`else
  weight_store_bram #(.Lanes(Lanes), .Words(StoreWords)) u_store (
`endif
    .clk_i, .rst_ni, .req_i(req), .we_i(we), .addr_i(addr), .be_i(be), .wdata_i(wdata),
    .gnt_o(gnt), .rvalid_o(rvalid), .rdata_o(rdata)
  );

  logic unused;
  assign unused = ^{tx_last, idle};
endmodule

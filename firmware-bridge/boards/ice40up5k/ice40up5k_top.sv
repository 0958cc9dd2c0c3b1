// iCE40 UP5K board top: the bridge core behind the SPI peripheral, weights in SPRAM, clocked by
// the internal 48 MHz oscillator divided to ClockHz (no external clock needed). A Raspberry Pi 5
// is the SPI host (docs/fpga.md "Wiring a board to a Pi 5"). The LED lights while a frame is
// being answered.
module ice40up5k_top (
  input  logic spi_sck,
  input  logic spi_cs_n,
  input  logic spi_mosi,
  output logic spi_miso,
  output logic led_n
);
  localparam int Lanes = 1;
  localparam int ClockHz = 12_000_000;  // nextpnr's Fmax for this design is 18-19 MHz

  logic clk;
  SB_HFOSC #(.CLKHF_DIV("0b10")) u_osc (.CLKHFPU(1'b1), .CLKHFEN(1'b1), .CLKHF(clk));  // 48 MHz / 4

  // Power-on reset: iCE40 flops start at zero, so count up and release.
  logic [7:0] por_q = 8'd0;
  logic rst_n;
  always_ff @(posedge clk) if (!por_q[7]) por_q <= por_q + 1'b1;
  assign rst_n = por_q[7];

  // 1 ms time base for the frame timeout.
  logic [$clog2(ClockHz / 1000)-1:0] ms_q;
  logic tick;
  always_ff @(posedge clk) begin
    if (!rst_n || tick) ms_q <= '0;
    else ms_q <= ms_q + 1'b1;
  end
  assign tick = (ms_q == $bits(ms_q)'(ClockHz / 1000 - 1));

  logic rx_valid, rx_ready, tx_valid, tx_ready, tx_last, idle, dropped;
  logic [7:0] rx_data, tx_data;
  logic req, we, gnt, rvalid;
  logic [16:0] addr;
  logic [0:0] be;
  logic [7:0] wdata, rdata;

  spi_peripheral u_spi (
    .clk_i(clk), .rst_ni(rst_n), .spi_sck_i(spi_sck), .spi_cs_ni(spi_cs_n), .spi_mosi_i(spi_mosi),
    .spi_miso_o(spi_miso), .rx_valid_o(rx_valid), .rx_data_o(rx_data), .rx_ready_i(rx_ready),
    .tx_valid_i(tx_valid), .tx_data_i(tx_data), .tx_ready_o(tx_ready), .rx_dropped_o(dropped)
  );

  bridge_core #(
    .Lanes(Lanes), .StoreWords(131072), .MaxPayload(2048), .MaxRows(2048), .MaxCols(1024), .Slots(16),
    .MaxVectors(16), .MaxMatrices(4), .ClockHz(ClockHz), .NsPerCycle(1_000_000_000 / ClockHz), .CntW(24)
  ) u_core (
    .clk_i(clk), .rst_ni(rst_n), .tick_i(tick), .session_clear_i(1'b0),
    .in_valid_i(rx_valid), .in_data_i(rx_data), .in_ready_o(rx_ready),
    .out_valid_o(tx_valid), .out_data_o(tx_data), .out_last_o(tx_last), .out_ready_i(tx_ready), .idle_o(idle),
    .store_req_o(req), .store_we_o(we), .store_addr_o(addr), .store_be_o(be), .store_wdata_o(wdata),
    .store_gnt_i(gnt), .store_rvalid_i(rvalid), .store_rdata_i(rdata)
  );

  weight_store_ice40_spram u_store (
    .clk_i(clk), .rst_ni(rst_n), .req_i(req), .we_i(we), .addr_i(addr), .be_i(be), .wdata_i(wdata),
    .gnt_o(gnt), .rvalid_o(rvalid), .rdata_o(rdata)
  );

  assign led_n = idle;
  logic unused;
  assign unused = ^{tx_last, dropped};
endmodule

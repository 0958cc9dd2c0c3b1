// SPI peripheral front end, as the `spi:` transport drives it (Transports/Spi/): mode 0
// (SCK idles low, both sides sample on the rising edge), 8-bit words, MSB first. SCK, CS_N and
// MOSI are sampled with the system clock through two-flop synchronisers, so SCK must stay below
// about a quarter of clk_i. The byte stream is continuous across chip-select toggles: CS_N only
// realigns the bit counter. MISO shifts out the core's response bytes, and 0x00 while there is
// none; a response byte is taken from the core only when its first bit is clocked out, so a
// transfer that ends between bytes loses nothing. MOSI bytes that arrive while the core is
// busy (the host's idle 0x00s while it polls for the answer) replace each other in a one-byte
// holding register (rx_dropped_o pulses), which is why the host waits for each answer.
module spi_peripheral (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       spi_sck_i,
  input  logic       spi_cs_ni,
  input  logic       spi_mosi_i,
  output logic       spi_miso_o,
  output logic       rx_valid_o,
  output logic [7:0] rx_data_o,
  input  logic       rx_ready_i,
  input  logic       tx_valid_i,
  input  logic [7:0] tx_data_i,
  output logic       tx_ready_o,
  output logic       rx_dropped_o
);
  logic [2:0] sck_q, cs_q;
  logic [1:0] mosi_q;
  logic [2:0] bit_q;
  logic [6:0] rx_shift_q;
  logic [7:0] tx_shift_q;
  logic tx_has_q;  // the byte on MISO is a response byte, taken from the core on its first bit

  logic sck_rise, sck_fall, selected, cs_fall;
  assign selected = !cs_q[1];
  assign sck_rise = selected && sck_q[1] && !sck_q[2];
  assign sck_fall = selected && !sck_q[1] && sck_q[2];
  assign cs_fall = !cs_q[1] && cs_q[2];

  assign spi_miso_o = tx_shift_q[7];
  assign tx_ready_o = sck_rise && (bit_q == 3'd0) && tx_has_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sck_q <= '0;
      cs_q <= '1;
      mosi_q <= '0;
      bit_q <= '0;
      rx_shift_q <= '0;
      tx_shift_q <= '0;
      tx_has_q <= 1'b0;
      rx_valid_o <= 1'b0;
      rx_data_o <= '0;
      rx_dropped_o <= 1'b0;
    end else begin
      sck_q <= {sck_q[1:0], spi_sck_i};
      cs_q <= {cs_q[1:0], spi_cs_ni};
      mosi_q <= {mosi_q[0], spi_mosi_i};
      rx_dropped_o <= 1'b0;
      if (rx_valid_o && rx_ready_i) rx_valid_o <= 1'b0;
      if (!selected) bit_q <= '0;

      // The next byte's MSB goes on MISO at chip select and at the falling edge that ends a
      // byte, half a clock before the host samples it; it is not changed until it is sent.
      if (cs_fall || (sck_fall && bit_q == 3'd0)) begin
        tx_shift_q <= tx_valid_i ? tx_data_i : 8'h00;
        tx_has_q <= tx_valid_i;
      end else if (sck_fall) begin
        tx_shift_q <= {tx_shift_q[6:0], 1'b0};
      end
      if (sck_rise) begin
        rx_shift_q <= {rx_shift_q[5:0], mosi_q[1]};
        bit_q <= bit_q + 1'b1;
        if (bit_q == 3'd0) tx_has_q <= 1'b0;
        if (bit_q == 3'd7) begin
          // One byte of holding: a byte the core has not taken yet (it is busy answering, and
          // the host is clocking idle bytes) is replaced.
          rx_valid_o <= 1'b1;
          rx_dropped_o <= rx_valid_o && !rx_ready_i;
          rx_data_o <= {rx_shift_q, mosi_q[1]};
        end
      end
    end
  end
endmodule

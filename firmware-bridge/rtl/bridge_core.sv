// The device side of bridge protocol v1 (docs/bridge-protocol.md) over a byte stream:
// frame receiver, command decoder, slot table, weight uploads, Run through the ternary
// engine, counters, the duplicate cache and the frame transmitter. It answers every request
// as the C# device model (firmware-bridge/EdgeMmf.Bridge/DeviceModel/BridgeDeviceModel.cs)
// does, checks in the same order, with the differences listed in docs/fpga.md.
// Front ends (byte port for simulation, SPI, AXI-stream) attach to in_*/out_*; the weight
// memory attaches to store_* (weight_store_bram, weight_store_ice40_spram or another memory).
module bridge_core #(
  parameter int Lanes = 4,
  parameter int StoreWords = 8192,
  parameter int MaxPayload = 4096,
  parameter int MaxRows = 4096,
  parameter int MaxCols = 2048,
  parameter int Slots = 16,
  parameter int MaxVectors = 16,
  parameter int MaxMatrices = 4,
  parameter int ClockHz = 24_000_000,
  parameter int NsPerCycle = 42,
  parameter int TimeoutTicks = 50,
  parameter int CntW = 40,
  localparam int StoreAddrW = $clog2(StoreWords),
  localparam int LanesW = $clog2(Lanes)  // 0 for one lane
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  tick_i,           // time base for the frame timeout (1 ms)
  input  logic                  session_clear_i,  // a new host connection: no session, empty cache
  input  logic                  in_valid_i,
  input  logic [7:0]            in_data_i,
  output logic                  in_ready_o,
  output logic                  out_valid_o,
  output logic [7:0]            out_data_o,
  output logic                  out_last_o,
  input  logic                  out_ready_i,
  output logic                  idle_o,
  output logic                  store_req_o,
  output logic                  store_we_o,
  output logic [StoreAddrW-1:0] store_addr_o,
  output logic [Lanes-1:0]      store_be_o,
  output logic [8*Lanes-1:0]    store_wdata_o,
  input  logic                  store_gnt_i,
  input  logic                  store_rvalid_i,
  input  logic [8*Lanes-1:0]    store_rdata_i
);
  `include "bridge_defs.svh"
  localparam int HeadBytes = 24;
  localparam int LenW = $clog2(MaxPayload + 1);
  localparam int BufAddrW = $clog2(MaxPayload);
  localparam int PhysBytes = StoreWords * Lanes;
  // Capacity in TQ2_0 bytes as the host counts them: the 2 scale bytes of each 66-byte block
  // are not stored (the integer engine never reads them).
  localparam int ResidentBytes = PhysBytes / BlockCodeBytes * BlockBytes;
  localparam int SlotW = $clog2(Slots);
  localparam int ColW = $clog2(MaxCols);
  localparam int RowWordsW = $clog2(MaxCols / (4 * Lanes) + 1);
  localparam int RowsW = $clog2(MaxRows + 1);
  localparam int NumCounters = 11;

  // Slot table fields, one 32-bit word each, 8 words per slot.
  localparam logic [2:0] FBase = 3'd0, FRows = 3'd1, FCols = 3'd2, FScale = 3'd3, FTotal = 3'd4,
                         FReceived = 3'd5, FPhys = 3'd6;

  localparam logic [15:0] CapMatrices = 16'(MaxMatrices);
  localparam logic [15:0] CapVectors = 16'(MaxVectors);
  localparam logic [31:0] CapPayload = 32'(MaxPayload);
  localparam logic [31:0] CapClock = 32'(ClockHz);
  localparam logic [15:0] CapResults = 16'd3;    // int32, int24 (float32 is not offered)
  localparam logic [15:0] CapPacking = 16'd1;    // TQ2_0
  localparam logic [63:0] CapResident = 64'(ResidentBytes);
  localparam logic [31:0] CapSlots = 32'(Slots);
  localparam logic [31:0] CapCols = 32'(MaxCols);
  localparam logic [31:0] CapRows = 32'(MaxRows);
  localparam logic [15:0] CapReserved = 16'd0;
  // Capabilities payload (Protocol/DeviceCapabilities.cs), byte 0 in the low bits.
  // (Verilator 5.006 flags typed parameters in concatenations as unsized; they are sized.)
  /* verilator lint_off WIDTHCONCAT */
  localparam logic [319:0] Caps = {CapMatrices, CapVectors, CapPayload, CapClock, CapResults, CapPacking,
                                   CapResident, CapSlots, CapCols, CapRows, CapReserved, ProtocolVersion};
  /* verilator lint_on WIDTHCONCAT */

  typedef enum logic [5:0] {
    Idle, Dispatch, Respond, WaitTx, WriteTable,
    UpCheck, UpProduct, UpShape, UpFetch, UpDecide, UpDivide, UpRead, UpWrite, UpStore,
    RunCheck, RunSlot, RunSlotCheck, RunSum, RunSumEnd, RunFetch, RunLoad, RunEngine,
    RunRows, RunFinish, Fetch
  } state_e;
  typedef enum logic [1:0] {TabCaps, TabCounters, TabUpload, TabRun} table_e;

  state_e state_q, ret_q;

  // ---------------------------------------------------------------- receive
  logic rx_we;
  logic [BufAddrW-1:0] rx_waddr, rx_raddr;
  logic [7:0] rx_wdata, rx_rdata;
  logic frame_valid, frame_ack, payload_ok;
  logic [7:0] f_type, f_flags;
  logic [15:0] f_seq;
  logic [LenW-1:0] f_len;
  logic [8*HeadBytes-1:0] head;

  bridge_frame_rx #(.MaxPayload(MaxPayload), .HeadBytes(HeadBytes), .TimeoutTicks(TimeoutTicks)) u_rx (
    .clk_i, .rst_ni, .tick_i, .in_valid_i, .in_data_i, .in_ready_o,
    .enable_i(state_q == Idle),
    .buf_we_o(rx_we), .buf_waddr_o(rx_waddr), .buf_wdata_o(rx_wdata),
    .frame_valid_o(frame_valid), .frame_ack_i(frame_ack),
    .type_o(f_type), .flags_o(f_flags), .seq_o(f_seq), .len_o(f_len), .payload_ok_o(payload_ok),
    .head_o(head)
  );

  ram_1r1w #(.Width(8), .Depth(MaxPayload)) u_rx_buf (
    .clk_i, .we_i(rx_we), .waddr_i(rx_waddr), .wdata_i(rx_wdata), .raddr_i(rx_raddr), .rdata_o(rx_rdata)
  );

  function automatic logic [7:0] hb(input int i);
    hb = head[8*i +: 8];
  endfunction
  function automatic logic [31:0] hw(input int i);
    hw = {head[8*(i+3) +: 8], head[8*(i+2) +: 8], head[8*(i+1) +: 8], head[8*i +: 8]};
  endfunction

  // ---------------------------------------------------------------- transmit
  logic tx_we;
  logic [BufAddrW-1:0] tx_waddr, tx_raddr;
  logic [7:0] tx_wdata, tx_rdata;
  logic tx_start, tx_busy;
  logic [3:0] rom_status;
  logic [6:0] rom_index, rom_len, err_len;
  logic [7:0] rom_byte, unused_byte;

  ram_1r1w #(.Width(8), .Depth(MaxPayload)) u_tx_buf (
    .clk_i, .we_i(tx_we), .waddr_i(tx_waddr), .wdata_i(tx_wdata), .raddr_i(tx_raddr), .rdata_o(tx_rdata)
  );

  // The cached response: the last dispatched request's answer (its payload is in the transmit
  // buffer, or in the ROM for errors). A NAK for a bad payload CRC leaves it untouched.
  logic cache_valid_q, nak_q, fresh_q;
  logic [7:0] c_type_q, c_flags_q;
  logic [15:0] c_seq_q, c_status_q;
  logic [LenW-1:0] c_len_q;
  logic c_rom_q;
  logic [7:0] req_type_q;
  logic [15:0] req_seq_q;

  bridge_frame_tx #(.MaxPayload(MaxPayload)) u_tx (
    .clk_i, .rst_ni, .start_i(tx_start),
    .type_i(nak_q ? req_type_q : c_type_q),
    .flags_i(nak_q ? (FlagResponse | FlagError) : c_flags_q),
    .seq_i(nak_q ? req_seq_q : c_seq_q),
    .status_i(nak_q ? StCrcError : c_status_q),
    .len_i(nak_q ? LenW'(err_len) : c_len_q),
    .from_rom_i(nak_q ? 1'b1 : c_rom_q),
    .busy_o(tx_busy), .buf_raddr_o(tx_raddr), .buf_rdata_i(tx_rdata),
    .rom_status_o(rom_status), .rom_index_o(rom_index), .rom_byte_i(rom_byte),
    .out_valid_o, .out_data_o, .out_ready_i, .out_last_o
  );

  bridge_msg_rom u_rom (.clk_i, .status_i(rom_status), .index_i(rom_index), .len_o(rom_len), .byte_o(rom_byte));
  // Length of the error text for the status being decided.
  logic [15:0] err_status;
  bridge_msg_rom u_rom_len (.clk_i, .status_i(err_status[3:0]), .index_i(7'd0), .len_o(err_len), .byte_o(unused_byte));

  // ---------------------------------------------------------------- slot table
  logic st_we;
  logic [SlotW+2:0] st_waddr, st_raddr;
  logic [31:0] st_wdata, st_rdata;
  ram_1r1w #(.Width(32), .Depth(Slots * 8)) u_slots (
    .clk_i, .we_i(st_we), .waddr_i(st_waddr), .wdata_i(st_wdata), .raddr_i(st_raddr), .rdata_o(st_rdata)
  );
  logic [Slots-1:0] slot_valid_q;
  logic [31:0] e_q [8];           // fetched entry
  logic [SlotW-1:0] fetch_slot_q;
  logic [3:0] fetch_i_q;

  // ---------------------------------------------------------------- engine
  logic eng_start, eng_busy, eng_res_valid, eng_res_ready;
  logic [31:0] eng_res;
  logic eng_req;
  logic [StoreAddrW-1:0] eng_addr;
  logic [RowWordsW-1:0] act_raddr;
  logic [8*4*Lanes-1:0] act_rdata;
  logic act_we;
  logic [ColW-1:0] act_windex;
  logic [$clog2(2 * 4 * Lanes + 1)-1:0] eng_adds;

  act_buffer #(.Lanes(Lanes), .MaxCols(MaxCols)) u_act (
    .clk_i, .we_i(act_we), .windex_i(act_windex), .wdata_i(rx_rdata),
    .raddr_i(act_raddr[RowWordsW-2:0]), .rdata_o(act_rdata)
  );

  // |acc| <= 2 * 128 * columns (code 3 counts twice): AccW bits hold it with its sign.
  localparam int AccW = 10 + ColW + 1;
  logic [AccW-1:0] eng_acc;
  assign eng_res = 32'(signed'(eng_acc));
  ternary_gemv #(.Lanes(Lanes), .StoreAddrW(StoreAddrW), .RowWordsW(RowWordsW), .RowsW(RowsW), .AccW(AccW)) u_gemv (
    .clk_i, .rst_ni, .start_i(eng_start),
    .base_i(StoreAddrW'(e_q[FBase] >> LanesW)),
    .row_words_i(RowWordsW'(e_q[FCols] >> (2 + LanesW))),
    .rows_i(RowsW'(e_q[FRows])),
    .req_o(eng_req), .addr_o(eng_addr), .gnt_i(store_gnt_i), .rvalid_i(store_rvalid_i), .rdata_i(store_rdata_i),
    .act_raddr_o(act_raddr), .act_rdata_i(act_rdata),
    .res_valid_o(eng_res_valid), .res_o(eng_acc), .res_ready_i(eng_res_ready),
    .busy_o(eng_busy), .adds_o(eng_adds)
  );

  // ---------------------------------------------------------------- registers
  logic session_q;
  logic [CntW-1:0] cnt_q [NumCounters];
  // alloc_q: resident bytes as the host counts them (TQ2_0); next_free_q: bump pointer into the
  // physical store (bytes). Declared with the UploadWeights registers below.
  logic [15:0] status_q;
  // UploadWeights
  // Byte counts are as wide as the largest shape needs (SizeW) or the store holds (PhysW); the
  // request's 32-bit fields are range-checked before they are narrowed.
  localparam int SizeW = $clog2(MaxRows * (MaxCols / BlockWeights) * BlockBytes + 1);
  localparam int PhysW = $clog2(PhysBytes + 1);
  logic [RowsW-1:0] up_rows;
  logic [SizeW-1:0] up_end;  // offset + chunk (checked to fit before use)
  logic [31:0] up_off, up_total, up_scale;
  logic [LenW-1:0] up_chunk;
  assign up_rows = RowsW'(hw(4));
  assign up_end = SizeW'(up_off) + SizeW'(up_chunk);
  assign up_scale = hw(12);
  assign up_off = hw(16);
  assign up_total = hw(20);
  assign up_chunk = f_len - LenW'(HeadBytes);
  logic [SizeW-1:0] prod_q, quo_q, received_q, alloc_q;
  logic [PhysW-1:0] phys_q, base_q, ptr_q, next_free_q;
  logic [7:0] blocks_left_q;
  logic [6:0] rem_q, pos_q;
  logic [5:0] div_i_q;
  logic [LenW-1:0] i_q;
  // Run
  logic [1:0] r_bytes_q;                // bytes per result minus one: 3 int32, 2 int24
  logic [7:0] r_m_q, m_q;
  logic [15:0] r_t_q, t_q;
  logic r_shared_q;
  localparam int ActW = $clog2(MaxVectors * MaxMatrices * MaxCols + 1);
  localparam int RespW = $clog2(8 + MaxVectors * MaxMatrices * MaxRows * 4 + 1);
  logic [ActW-1:0] act_bytes_q;
  logic [RespW-1:0] resp_bytes_q;
  logic [ColW:0] first_cols_q;
  logic [LenW-1:0] act_ptr_q, off_q;
  logic [31:0] run_ns_q;
  logic [LenW-1:0] wr_ptr_q;
  logic [1:0] res_byte_q;
  logic load_v_q;
  logic [ColW:0] load_i_q;
  // Table writer
  table_e tab_q;
  logic [6:0] tab_i_q, tab_n_q;

  logic [SlotW-1:0] run_slot;
  logic [15:0] run_slot_raw;
  localparam int MatW = (MaxMatrices > 1) ? $clog2(MaxMatrices) : 1;
  logic [MatW-1:0] m_idx;
  assign m_idx = m_q[MatW-1:0];  // slot m of the Run header (read while m_q < MaxMatrices)
  always_comb begin
    run_slot_raw = '0;
    for (int m = 0; m < MaxMatrices; m++)
      if (m_idx == MatW'(m)) run_slot_raw = {hb(9 + 2 * m), hb(8 + 2 * m)};
  end
  assign run_slot = SlotW'(run_slot_raw);

  // Little-endian 64-bit counters, zero-extended.
  function automatic logic [7:0] counter_byte(input logic [6:0] i);
    logic [63:0] v;
    v = '0;
    for (int c = 0; c < NumCounters; c++) if (i[6:3] == c[3:0]) v = (c == 7) ? 64'(alloc_q) : 64'(cnt_q[c]);
    counter_byte = v[8*i[2:0] +: 8];
  endfunction

  logic [7:0] table_byte;
  always_comb begin
    unique case (tab_q)
      TabCaps: table_byte = Caps[8*tab_i_q[5:0] +: 8];
      TabCounters: table_byte = counter_byte(tab_i_q);
      TabUpload: table_byte = (tab_i_q < 7'd4) ? 8'(32'(received_q) >> (8 * tab_i_q[1:0]))
                            : (tab_i_q == 7'd4) ? {7'd0, 32'(received_q) == up_total} : 8'd0;
      default: table_byte = (tab_i_q < 7'd4) ? run_ns_q[8*tab_i_q[1:0] +: 8] : 8'd0;
    endcase
  end

  // The entry matches the upload header (UploadWeights rule "same shape").
  // Bits a slot-table field can have (every value written was range-checked first), so the
  // unused high bits of the fetched entry are constant and synthesis drops them.
  function automatic logic [31:0] field_mask(input logic [2:0] f);
    unique case (f)
      FBase, FPhys: field_mask = 32'((64'd1 << PhysW) - 1);
      FRows: field_mask = 32'((64'd1 << RowsW) - 1);
      FCols: field_mask = 32'((64'd1 << (ColW + 1)) - 1);
      FTotal, FReceived: field_mask = 32'((64'd1 << SizeW) - 1);
      FScale: field_mask = '1;
      default: field_mask = '0;
    endcase
  endfunction

  logic entry_matches;
  assign entry_matches = slot_valid_q[fetch_slot_q] && e_q[FRows] == hw(4) && e_q[FCols] == hw(8)
                   && e_q[FScale] == up_scale && e_q[FTotal] == up_total;

  // ---------------------------------------------------------------- datapath muxes
  always_comb begin
    frame_ack = 1'b0;
    tx_start = 1'b0;
    tx_we = 1'b0;
    tx_waddr = '0;
    tx_wdata = '0;
    st_we = 1'b0;
    st_waddr = '0;
    st_wdata = '0;
    st_raddr = {fetch_slot_q, fetch_i_q[2:0]};
    rx_raddr = '0;
    store_req_o = 1'b0;
    store_we_o = 1'b0;
    store_addr_o = eng_addr;
    store_be_o = '0;
    store_wdata_o = {Lanes{rx_rdata}};
    eng_start = 1'b0;
    eng_res_ready = 1'b0;
    act_we = 1'b0;
    act_windex = ColW'(load_i_q - 1'b1);
    err_status = nak_q ? StCrcError : status_q;
    unique case (state_q)
      WriteTable: begin
        tx_we = 1'b1;
        tx_waddr = BufAddrW'(tab_i_q);
        tx_wdata = table_byte;
      end
      Respond: tx_start = !fresh_q;
      WaitTx: frame_ack = !tx_busy && !tx_start;
      UpRead: rx_raddr = BufAddrW'(HeadBytes) + BufAddrW'(i_q);
      UpWrite: begin
        rx_raddr = BufAddrW'(HeadBytes) + BufAddrW'(i_q);
        store_req_o = (pos_q < 7'(BlockCodeBytes));
        store_we_o = 1'b1;
        store_addr_o = StoreAddrW'(ptr_q >> LanesW);
        store_be_o = Lanes'(1) << (32'(ptr_q) & (Lanes - 1));
      end
      RunLoad: begin
        rx_raddr = BufAddrW'(act_ptr_q) + BufAddrW'(load_i_q);
        act_we = load_v_q;
      end
      RunEngine: eng_start = 1'b1;
      Fetch: if (ret_q == WriteTable) begin
        st_we = 1'b1;
        st_waddr = {fetch_slot_q, fetch_i_q[2:0]};
        st_wdata = e_q[fetch_i_q[2:0]];
      end
      RunRows: begin
        store_req_o = eng_req;
        if (eng_res_valid) begin
          tx_we = 1'b1;
          tx_waddr = BufAddrW'(wr_ptr_q);
          tx_wdata = eng_res[8*res_byte_q +: 8];
          eng_res_ready = (res_byte_q == r_bytes_q);
        end
      end
      default: ;
    endcase
  end

  // Outputs of shared modules this core does not need.
  logic unused;
  assign unused = ^{f_flags[7:1], rom_len, err_status[15:4], act_raddr[RowWordsW-1], unused_byte};

  assign idle_o = (state_q == Idle) && !frame_valid && !out_valid_o;

  // ---------------------------------------------------------------- control
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      ret_q <= Idle;
      session_q <= 1'b0;
      cache_valid_q <= 1'b0;
      nak_q <= 1'b0;
      fresh_q <= 1'b0;
      c_type_q <= '0;
      c_flags_q <= '0;
      c_seq_q <= '0;
      c_status_q <= '0;
      c_len_q <= '0;
      c_rom_q <= 1'b0;
      req_type_q <= '0;
      req_seq_q <= '0;
      slot_valid_q <= '0;
      for (int c = 0; c < NumCounters; c++) cnt_q[c] <= '0;
      for (int f = 0; f < 8; f++) e_q[f] <= '0;
      alloc_q <= '0;
      next_free_q <= '0;
      status_q <= '0;
      fetch_slot_q <= '0;
      fetch_i_q <= '0;
      tab_q <= TabCaps;
      tab_i_q <= '0;
      tab_n_q <= '0;
      {prod_q, quo_q, received_q, phys_q, base_q, ptr_q, blocks_left_q, rem_q} <= '0;
      pos_q <= '0;
      div_i_q <= '0;
      i_q <= '0;
      r_bytes_q <= '0;
      r_m_q <= '0;
      m_q <= '0;
      r_t_q <= '0;
      t_q <= '0;
      r_shared_q <= 1'b0;
      {act_bytes_q, resp_bytes_q, first_cols_q, act_ptr_q, off_q, run_ns_q} <= '0;
      wr_ptr_q <= '0;
      res_byte_q <= '0;
      load_v_q <= 1'b0;
      load_i_q <= '0;
    end else begin
      if (session_clear_i) begin
        session_q <= 1'b0;
        cache_valid_q <= 1'b0;
      end
      cnt_q[6] <= cnt_q[6] + CntW'(eng_adds);
      if (state_q >= RunFetch && state_q <= RunRows) run_ns_q <= run_ns_q + 32'(NsPerCycle);

      unique case (state_q)
        Idle: if (frame_valid) begin
          cnt_q[0] <= cnt_q[0] + 1'b1;
          cnt_q[9] <= cnt_q[9] + CntW'(f_len) + CntW'(OverheadBytes);
          req_type_q <= f_type;
          req_seq_q <= f_seq;
          if (f_flags[0]) begin
            state_q <= WaitTx;               // a response: counted, not answered
          end else if (!payload_ok) begin
            cnt_q[2] <= cnt_q[2] + 1'b1;
            nak_q <= 1'b1;
            state_q <= Respond;
          end else if (cache_valid_q && f_seq == c_seq_q && f_type == c_type_q) begin
            cnt_q[3] <= cnt_q[3] + 1'b1;     // a retry: answer from the cache, never execute twice
            nak_q <= 1'b0;
            state_q <= Respond;
          end else begin
            nak_q <= 1'b0;
            state_q <= Dispatch;
          end
        end

        Dispatch: begin
          // The answer replaces the cache; states below set status_q or write the payload.
          cache_valid_q <= 1'b1;
          c_type_q <= req_type_q;
          c_seq_q <= req_seq_q;
          fresh_q <= 1'b1;
          status_q <= StOk;
          if (req_type_q == MsgHello) begin
            if (f_len < LenW'(2)) status_q <= StBadLength;
            else if ({hb(1), hb(0)} != ProtocolVersion) status_q <= StVersionMismatch;
            else begin
              session_q <= 1'b1;
              tab_q <= TabCaps;
              tab_n_q <= 7'd40;
              tab_i_q <= '0;
              c_len_q <= LenW'(40);
            end
            state_q <= (f_len >= LenW'(2) && {hb(1), hb(0)} == ProtocolVersion) ? WriteTable : Respond;
            ret_q <= Respond;
          end else if (!session_q) begin
            status_q <= StNoSession;
            state_q <= Respond;
          end else begin
            unique case (req_type_q)
              MsgUpload: state_q <= UpCheck;
              MsgRun: state_q <= RunCheck;
              MsgReset: begin
                slot_valid_q <= '0;
                alloc_q <= '0;
                next_free_q <= '0;
                c_len_q <= '0;
                state_q <= Respond;
              end
              MsgCounters: begin
                tab_q <= TabCounters;
                tab_n_q <= 7'd88;
                tab_i_q <= '0;
                c_len_q <= LenW'(88);
                ret_q <= Respond;
                state_q <= WriteTable;
              end
              default: begin
                status_q <= StUnknownMessage;
                state_q <= Respond;
              end
            endcase
          end
        end

        // Sends the cached answer (or the NAK); an error answer's payload is its ROM text.
        Respond: begin
          if (fresh_q) begin
            // A new answer: its header fields, once its status is known; sent next cycle.
            fresh_q <= 1'b0;
            c_status_q <= status_q;
            c_flags_q <= (status_q == StOk) ? FlagResponse : (FlagResponse | FlagError);
            c_rom_q <= (status_q != StOk);
            if (status_q != StOk) c_len_q <= LenW'(err_len);
          end else begin
            cnt_q[1] <= cnt_q[1] + 1'b1;
            cnt_q[10] <= cnt_q[10] + (nak_q ? CntW'(err_len) : CntW'(c_len_q)) + CntW'(OverheadBytes);
            state_q <= WaitTx;
          end
        end
        WaitTx: if (!tx_busy) state_q <= Idle;

        WriteTable: begin
          tab_i_q <= tab_i_q + 1'b1;
          if (tab_i_q + 1'b1 == tab_n_q) state_q <= ret_q;
        end

        // ------------------------------------------------------------ UploadWeights
        UpCheck: begin
          fetch_slot_q <= SlotW'({hb(1), hb(0)});
          prod_q <= '0;
          phys_q <= '0;
          blocks_left_q <= 8'(hw(8) >> 8);
          if (f_len < LenW'(HeadBytes)) begin status_q <= StBadLength; state_q <= Respond; end
          else if ({hb(1), hb(0)} >= 16'(Slots)) begin status_q <= StSlotOutOfRange; state_q <= Respond; end
          else if (hb(2) != 8'd0) begin status_q <= StUnsupportedFormat; state_q <= Respond; end
          // rows in 1..MaxRows, columns a multiple of 256 in 256..MaxCols (as unsigned ranges).
          else if (hw(4) - 32'd1 >= 32'(MaxRows) || hb(8) != 8'd0
                   || hw(8) - 32'(BlockWeights) > 32'(MaxCols - BlockWeights)) begin
            status_q <= StTooLarge;
            state_q <= Respond;
          end else state_q <= UpProduct;
        end
        UpProduct: begin
          // rows x 66 bytes per block, one block per cycle (no multiplier).
          if (blocks_left_q == 0) state_q <= UpShape;
          else begin
            prod_q <= prod_q + (SizeW'(up_rows) << 6) + (SizeW'(up_rows) << 1);
            phys_q <= phys_q + (PhysW'(up_rows) << 6);
            blocks_left_q <= blocks_left_q - 1'b1;
          end
        end
        UpShape: begin
          if (32'(prod_q) != up_total) begin status_q <= StShapeMismatch; state_q <= Respond; end
          // total fits SizeW now, so an offset beyond it is out of range whatever its high bits.
          else if (up_off[31:SizeW] != 0 || {1'b0, up_off[SizeW-1:0]} + (SizeW + 1)'(up_chunk) > {1'b0, prod_q}) begin
            status_q <= StBadLength;
            state_q <= Respond;
          end else begin
            fetch_i_q <= '0;
            ret_q <= UpDecide;
            state_q <= Fetch;
          end
        end
        UpDecide: begin
          state_q <= UpDivide;
          quo_q <= SizeW'(up_off);
          rem_q <= '0;
          div_i_q <= '0;
          received_q <= SizeW'(e_q[FReceived]);
          base_q <= PhysW'(e_q[FBase]);
          if (up_off == 0) begin
            received_q <= '0;
            if (!entry_matches) begin
              logic [SizeW:0] prev;
              logic [PhysW:0] prev_phys, e_base;
              logic fits;
              prev = slot_valid_q[fetch_slot_q] ? (SizeW + 1)'(e_q[FTotal]) : '0;
              prev_phys = slot_valid_q[fetch_slot_q] ? (PhysW + 1)'(e_q[FPhys]) : '0;
              e_base = (PhysW + 1)'(e_q[FBase]);
              fits = {1'b0, alloc_q} - prev + {1'b0, prod_q} <= (SizeW + 1)'(ResidentBytes);
              // Physical placement: grow the last slot in place, reuse a big-enough slot, or bump.
              if (slot_valid_q[fetch_slot_q] && e_base + prev_phys == {1'b0, next_free_q}) begin
                fits = fits && (e_base + {1'b0, phys_q} <= (PhysW + 1)'(PhysBytes));
                if (fits) next_free_q <= PhysW'(e_base) + phys_q;
              end else if (slot_valid_q[fetch_slot_q] && {1'b0, phys_q} <= prev_phys) begin
                fits = fits;
              end else begin
                fits = fits && ({1'b0, next_free_q} + {1'b0, phys_q} <= (PhysW + 1)'(PhysBytes));
                base_q <= next_free_q;
                if (fits) next_free_q <= next_free_q + phys_q;
              end
              if (!fits) begin
                status_q <= StOutOfCapacity;
                state_q <= Respond;
              end else begin
                alloc_q <= SizeW'({1'b0, alloc_q} - prev + {1'b0, prod_q});
                slot_valid_q[fetch_slot_q] <= 1'b1;
                e_q[FRows] <= 32'(up_rows);
                e_q[FCols] <= 32'((ColW + 1)'(hw(8)));
                e_q[FScale] <= up_scale;
                e_q[FTotal] <= 32'(prod_q);
                e_q[FPhys] <= 32'(phys_q);
              end
            end
          end else begin
            if (!entry_matches) begin status_q <= StShapeMismatch; state_q <= Respond; end
            else if (up_off > e_q[FReceived]) begin status_q <= StOutOfOrder; state_q <= Respond; end
          end
        end
        UpDivide: begin
          // offset / 66, one quotient bit per cycle: the 66-byte block and the byte within it.
          if (div_i_q == 6'(SizeW)) begin
            ptr_q <= base_q + (PhysW'(quo_q) << 6) + ((rem_q < 7'(BlockCodeBytes)) ? PhysW'(rem_q) : PhysW'(BlockCodeBytes));
            pos_q <= rem_q;
            i_q <= '0;
            e_q[FBase] <= 32'(base_q);
            state_q <= (up_chunk == 0) ? UpStore : UpRead;
          end else begin
            logic [7:0] r;
            r = {rem_q, quo_q[SizeW-1]};
            if (r >= 8'(BlockBytes)) begin
              rem_q <= 7'(r - 8'(BlockBytes));
              quo_q <= {quo_q[SizeW-2:0], 1'b1};
            end else begin
              rem_q <= r[6:0];
              quo_q <= {quo_q[SizeW-2:0], 1'b0};
            end
            div_i_q <= div_i_q + 1'b1;
          end
        end
        UpRead: state_q <= UpWrite;
        UpWrite: if (store_gnt_i || pos_q >= 7'(BlockCodeBytes)) begin
          // Code bytes go to the store; the block's 2 scale bytes are skipped.
          if (pos_q < 7'(BlockCodeBytes)) ptr_q <= ptr_q + 1'b1;
          pos_q <= (pos_q == 7'(BlockBytes - 1)) ? 7'd0 : pos_q + 1'b1;
          i_q <= i_q + 1'b1;
          state_q <= (i_q + 1'b1 == up_chunk) ? UpStore : UpRead;
        end
        UpStore: begin
          // Write the entry back; bytes received = max(received, offset + chunk).
          if (up_end > received_q) begin
            received_q <= up_end;
            e_q[FReceived] <= 32'(up_end);
          end else e_q[FReceived] <= 32'(received_q);
          fetch_i_q <= '0;
          state_q <= Fetch;  // with ret_q = WriteTable, Fetch writes the entry back
          ret_q <= WriteTable;
          tab_q <= TabUpload;
          tab_n_q <= 7'd8;
          tab_i_q <= '0;
          c_len_q <= LenW'(8);
        end

        // Fetch: reads the 7 fields of slot fetch_slot_q into e_q; after an UploadWeights
        // (ret_q == WriteTable) it writes them back instead.
        Fetch: begin
          if (ret_q == WriteTable) begin
            fetch_i_q <= fetch_i_q + 1'b1;
            if (fetch_i_q == 4'd6) begin
              state_q <= WriteTable;
              ret_q <= Respond;
            end
          end else begin
            if (fetch_i_q != 0) e_q[3'(fetch_i_q - 1'b1)] <= st_rdata & field_mask(3'(fetch_i_q - 1'b1));
            fetch_i_q <= fetch_i_q + 1'b1;
            if (fetch_i_q == 4'd7) state_q <= ret_q;
          end
        end

        // ------------------------------------------------------------ Run
        RunCheck: begin
          r_bytes_q <= (hb(0) == 8'd1) ? 2'd2 : 2'd3;
          r_m_q <= hb(1);
          r_t_q <= {hb(3), hb(2)};
          r_shared_q <= (hb(4) == 8'd1);
          off_q <= LenW'(8) + ((LenW'(hb(1)) * 2 + 3) & ~LenW'(3));
          m_q <= '0;
          act_bytes_q <= '0;
          resp_bytes_q <= RespW'(8);
          if (f_len < LenW'(8)) begin status_q <= StBadLength; state_q <= Respond; end
          else if (hb(0) > 8'd1 || hb(4) > 8'd1) begin status_q <= StUnsupportedFormat; state_q <= Respond; end
          else if (hb(1) < 8'd1 || hb(1) > 8'(MaxMatrices) || {hb(3), hb(2)} < 16'd1 || {hb(3), hb(2)} > 16'(MaxVectors)) begin
            status_q <= StTooLarge;
            state_q <= Respond;
          end else if (32'(f_len) < 32'd8 + ((32'(hb(1)) * 2 + 3) & ~32'd3)) begin
            status_q <= StBadLength;
            state_q <= Respond;
          end else state_q <= RunSlot;
        end
        RunSlot: begin
          if (m_q == r_m_q) state_q <= RunSumEnd;
          else if (run_slot_raw >= 16'(Slots) || !slot_valid_q[run_slot]) begin
            status_q <= StNotResident;
            state_q <= Respond;
          end else begin
            fetch_slot_q <= run_slot;
            fetch_i_q <= '0;
            ret_q <= RunSlotCheck;
            state_q <= Fetch;
          end
        end
        RunSlotCheck: begin
          t_q <= '0;
          if (m_q == 0) first_cols_q <= (ColW + 1)'(e_q[FCols]);
          if (e_q[FReceived] != e_q[FTotal]) begin status_q <= StNotResident; state_q <= Respond; end
          else if (r_shared_q && m_q != 0 && (ColW + 1)'(e_q[FCols]) != first_cols_q) begin
            status_q <= StShapeMismatch;
            state_q <= Respond;
          end else state_q <= RunSum;
        end
        RunSum: begin
          // vectors x columns activation bytes and vectors x rows results, one vector per cycle.
          if (t_q == r_t_q) begin
            m_q <= m_q + 1'b1;
            state_q <= RunSlot;
          end else begin
            if (!r_shared_q || m_q == 0) act_bytes_q <= act_bytes_q + ActW'(e_q[FCols]);
            resp_bytes_q <= resp_bytes_q + (RespW'(e_q[FRows]) << 1)
                            + ((r_bytes_q == 2'd3) ? RespW'(e_q[FRows]) << 1 : RespW'(e_q[FRows]));
            t_q <= t_q + 1'b1;
          end
        end
        RunSumEnd: begin
          m_q <= '0;
          act_ptr_q <= off_q;
          wr_ptr_q <= LenW'(8);
          run_ns_q <= '0;
          if ({1'b0, ActW'(f_len)} != {1'b0, ActW'(off_q)} + {1'b0, act_bytes_q} || act_bytes_q > ActW'(MaxPayload)) begin
            status_q <= StBadLength;
            state_q <= Respond;
          end else if (resp_bytes_q > RespW'(MaxPayload)) begin status_q <= StTooLarge; state_q <= Respond; end
          else begin
            c_len_q <= LenW'(resp_bytes_q);
            state_q <= RunFetch;
          end
        end
        RunFetch: begin
          if (m_q == r_m_q) state_q <= RunFinish;
          else begin
            fetch_slot_q <= run_slot;
            fetch_i_q <= '0;
            ret_q <= RunLoad;
            state_q <= Fetch;
            t_q <= '0;
            load_i_q <= '0;
            load_v_q <= 1'b0;
            if (r_shared_q) act_ptr_q <= off_q;
            cnt_q[5] <= cnt_q[5] + CntW'(r_t_q);
          end
        end
        RunLoad: begin
          // Activation bytes from the receive buffer into the engine's banks (one per cycle).
          load_v_q <= ((ColW + 1)'(load_i_q) < (ColW + 1)'(e_q[FCols]));
          if ((ColW + 1)'(load_i_q) < (ColW + 1)'(e_q[FCols])) load_i_q <= load_i_q + 1'b1;
          else begin
            load_i_q <= '0;
            load_v_q <= 1'b0;
            act_ptr_q <= act_ptr_q + LenW'(e_q[FCols]);
            state_q <= RunEngine;
          end
        end
        RunEngine: begin
          res_byte_q <= '0;
          state_q <= RunRows;
        end
        RunRows: begin
          if (eng_res_valid) begin
            wr_ptr_q <= wr_ptr_q + 1'b1;
            res_byte_q <= (res_byte_q == r_bytes_q) ? 2'd0 : res_byte_q + 1'b1;
          end else if (!eng_busy) begin
            t_q <= t_q + 1'b1;
            if (t_q + 1'b1 == r_t_q) begin
              m_q <= m_q + 1'b1;
              state_q <= RunFetch;
            end else state_q <= RunLoad;
          end
        end
        RunFinish: begin
          cnt_q[4] <= cnt_q[4] + 1'b1;
          cnt_q[8] <= cnt_q[8] + CntW'(run_ns_q);
          tab_q <= TabRun;
          tab_n_q <= 7'd8;
          tab_i_q <= '0;
          ret_q <= Respond;
          state_q <= WriteTable;
        end
        default: state_q <= Idle;
      endcase

    end
  end

endmodule

// Bit-level SPI testbench for the firmware (rtl/bridge_spi_top.sv: spi_peripheral + bridge_core).
// A mode-0 SPI master, written here pin by pin (SCK, CS_N, MOSI, MISO), sends protocol v1 frames
// and reads the answers as the `spi:` transport does: writes ignore MISO, reads clock out 0x00
// and skip idle bytes, chip select toggles between chunks. Checks: MISO is 0x00 while no answer
// is pending; answers survive being read in small chunks across CS toggles; a request split
// across CS toggles is one stream; Hello, UploadWeights + Run (result checked against a scalar
// ternary sum), a bad payload CRC (CrcError) and counters, at two SCK rates.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "Vbridge_spi_top.h"
#include "verilated.h"

namespace {

using Bytes = std::vector<uint8_t>;

uint32_t Crc32c(const uint8_t* p, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

void Put16(Bytes& b, uint32_t v) { b.push_back(v & 0xFF); b.push_back((v >> 8) & 0xFF); }
void Put32(Bytes& b, uint32_t v) { Put16(b, v & 0xFFFF); Put16(b, v >> 16); }
uint32_t Get16(const Bytes& b, size_t i) { return b[i] | b[i + 1] << 8; }
uint32_t Get32(const Bytes& b, size_t i) { return Get16(b, i) | Get16(b, i + 2) << 16; }

Bytes Frame(uint8_t type, uint16_t seq, const Bytes& payload) {
  Bytes f = {0xED, 0xB1, type, 0};
  Put16(f, seq);
  Put16(f, 0);
  Put32(f, static_cast<uint32_t>(payload.size()));
  Put32(f, Crc32c(f.data(), 12));
  f.insert(f.end(), payload.begin(), payload.end());
  Put32(f, Crc32c(payload.data(), payload.size()));
  return f;
}

struct Answer {
  uint8_t type = 0, flags = 0;
  uint16_t seq = 0, status = 0;
  Bytes payload;
  bool ok = false;
};

class Master {
 public:
  explicit Master(int half) : half_(half) {
    top_.spi_cs_ni = 1;
    top_.spi_sck_i = 0;
    top_.spi_mosi_i = 0;
    top_.tick_i = 0;
    top_.rst_ni = 0;
    Clock(8);
    top_.rst_ni = 1;
    Clock(8);
  }

  void Clock(int n) {
    for (int i = 0; i < n; ++i) {
      top_.clk_i = 0;
      top_.eval();
      top_.clk_i = 1;
      top_.eval();
    }
  }

  // One mode-0 transfer: MOSI set while SCK is low, MISO sampled at the rising edge, MSB first.
  Bytes Transfer(const Bytes& out) {
    Bytes in;
    top_.spi_cs_ni = 0;
    Clock(2 * half_);
    for (uint8_t o : out) {
      uint8_t v = 0;
      for (int b = 7; b >= 0; --b) {
        top_.spi_mosi_i = (o >> b) & 1;
        Clock(half_);
        v = static_cast<uint8_t>(v << 1 | top_.spi_miso_o);
        top_.spi_sck_i = 1;
        Clock(half_);
        top_.spi_sck_i = 0;
      }
      in.push_back(v);
    }
    Clock(half_);
    top_.spi_cs_ni = 1;
    Clock(2 * half_);
    return in;
  }

  // Reads in chunks of `chunk` bytes (CS toggling between them) until one whole frame arrived.
  Answer Read(size_t chunk, Bytes* raw = nullptr) {
    Bytes got;
    for (int tries = 0; tries < 400; ++tries) {
      Bytes part = Transfer(Bytes(chunk, 0));
      got.insert(got.end(), part.begin(), part.end());
      size_t i = 0;
      while (i < got.size() && got[i] == 0) ++i;  // idle bytes before the answer
      if (got.size() - i >= 16) {
        uint32_t len = Get32(got, i + 8);
        if (got.size() - i >= 20 + len) {
          if (raw) *raw = got;
          Answer a;
          a.type = got[i + 2];
          a.flags = got[i + 3];
          a.seq = static_cast<uint16_t>(Get16(got, i + 4));
          a.status = static_cast<uint16_t>(Get16(got, i + 6));
          a.payload.assign(got.begin() + i + 16, got.begin() + i + 16 + len);
          a.ok = got[i] == 0xED && got[i + 1] == 0xB1 && Get32(got, i + 12) == Crc32c(&got[i], 12) &&
                 Get32(got, i + 16 + len) == Crc32c(a.payload.data(), len);
          return a;
        }
      }
    }
    return Answer{};
  }

 private:
  Vbridge_spi_top top_;
  int half_;
};

int passed = 0, failed = 0;

void Check(bool condition, const std::string& what) {
  if (condition) {
    ++passed;
  } else {
    ++failed;
    std::printf("FAIL: %s\n", what.c_str());
  }
}

void Run(int half) {
  std::string at = " (SCK = clk/" + std::to_string(2 * half) + ")";
  Master m(half);

  Bytes idle = m.Transfer(Bytes(16, 0));
  Check(idle == Bytes(16, 0), "MISO shifts 0x00 while no answer is pending" + at);

  m.Transfer(Frame(0x01, 1, {1, 0, 0, 0}));
  Bytes raw;
  Answer hello = m.Read(7, &raw);
  Check(hello.ok, "Hello answer read in 7-byte chunks across CS toggles has good CRCs" + at);
  Check(hello.type == 0x01 && hello.flags == 0x01 && hello.seq == 1 && hello.status == 0, "Hello answer header" + at);
  Check(hello.payload.size() == 40 && Get16(hello.payload, 0) == 1, "capabilities say protocol v1" + at);

  // One request split over three chip-select periods is one byte stream.
  Bytes counters = Frame(0x05, 2, {});
  m.Transfer(Bytes(counters.begin(), counters.begin() + 5));
  m.Transfer(Bytes(counters.begin() + 5, counters.begin() + 13));
  m.Transfer(Bytes(counters.begin() + 13, counters.end()));
  Answer c = m.Read(16);
  Check(c.ok && c.seq == 2 && c.status == 0 && c.payload.size() == 88, "a request split across CS toggles is answered" + at);
  Check(c.ok && Get32(c.payload, 0) == 2, "frames received counts Hello and ReadCounters" + at);

  // Upload 3 rows x 256 TQ2_0 and run one int32 vector; compare with the scalar sum.
  std::mt19937 rng(7 + half);
  const int rows = 3, cols = 256, total = rows * 66;
  Bytes packed(total);
  for (auto& b : packed) b = static_cast<uint8_t>(rng());
  Bytes up;
  Put16(up, 0);
  up.push_back(0);
  up.push_back(0);
  Put32(up, rows);
  Put32(up, cols);
  Put32(up, 0x3F800000u);
  Put32(up, 0);
  Put32(up, total);
  up.insert(up.end(), packed.begin(), packed.end());
  m.Transfer(Frame(0x02, 3, up));
  Answer u = m.Read(12);
  Check(u.ok && u.status == 0 && Get32(u.payload, 0) == static_cast<uint32_t>(total) && u.payload[4] == 1,
        "UploadWeights over SPI makes the slot resident" + at);

  std::vector<int8_t> q(cols);
  for (auto& x : q) x = static_cast<int8_t>(rng());
  Bytes run = {0, 1, 1, 0, 0, 0, 0, 0};
  Put16(run, 0);
  Put16(run, 0);
  for (int8_t x : q) run.push_back(static_cast<uint8_t>(x));
  m.Transfer(Frame(0x03, 4, run));
  Answer r = m.Read(24);
  bool results = r.ok && r.status == 0 && r.payload.size() == 8 + 4 * rows;
  for (int row = 0; results && row < rows; ++row) {
    int32_t acc = 0;
    for (int b = 0; b < cols / 256; ++b)
      for (int half_block = 0; half_block < 2; ++half_block)
        for (int mm = 0; mm < 32; ++mm) {
          uint8_t codes = packed[row * 66 + b * 66 + half_block * 32 + mm];
          for (int n = 0; n < 4; ++n) {
            int x = q[b * 256 + half_block * 128 + mm + 32 * n];
            int code = (codes >> (2 * n)) & 3;
            acc += (code == 0) ? -x : (code == 2) ? x : (code == 3) ? 2 * x : 0;
          }
        }
    results = static_cast<int32_t>(Get32(r.payload, 8 + 4 * row)) == acc;
  }
  Check(results, "Run over SPI returns the ternary sums" + at);

  Bytes bad = Frame(0x05, 5, {1, 2, 3});
  bad[17] ^= 0x40;
  m.Transfer(bad);
  Answer nak = m.Read(8);
  Check(nak.ok && nak.status == 1 && nak.flags == 0x03 && nak.seq == 5, "a bad payload CRC is answered with CrcError" + at);

  Bytes after = m.Transfer(Bytes(8, 0));
  Check(after == Bytes(8, 0), "nothing follows an answer but 0x00" + at);
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  Run(4);  // SCK = clk / 8
  Run(7);  // SCK = clk / 14
  std::printf("spi_tb: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

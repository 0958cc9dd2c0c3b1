// Serves the Verilated bridge RTL (firmware-bridge/rtl/bridge_stream_top.sv) on a loopback
// TCP port, so the host code reaches it through the existing `sim:HOST:PORT` transport exactly
// as it reaches `edgemmf bridge-sim`. One connection at a time; a new connection pulses
// session_clear_i (no session, empty duplicate cache) and weights stay resident, as the device
// model does. Wall-clock milliseconds drive tick_i, the core's frame-timeout time base.
//
//   rtl-sim [--listen 127.0.0.1:PORT]     prints "rtl-sim listening on sim:127.0.0.1:PORT"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "Vbridge_stream_top.h"
#include "verilated.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Device {
  Vbridge_stream_top top;
  unsigned long long cycles = 0;

  // One rising edge; inputs must be set before.
  void Step() {
    top.clk_i = 0;
    top.eval();
    top.clk_i = 1;
    top.eval();
    ++cycles;
  }

  void Reset() {
    top.rst_ni = 0;
    top.in_valid_i = 0;
    top.out_ready_i = 0;
    top.tick_i = 0;
    top.session_clear_i = 0;
    for (int i = 0; i < 4; ++i) Step();
    top.rst_ni = 1;
    Step();
  }
};

bool SendAll(int fd, const std::vector<unsigned char>& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Serves one host until it closes the connection.
void Serve(Device& dev, int fd) {
  dev.top.session_clear_i = 1;
  dev.Step();
  dev.top.session_clear_i = 0;

  std::vector<unsigned char> in, out;
  size_t in_pos = 0;
  unsigned char chunk[65536];
  auto last_tick = Clock::now();
  while (true) {
    // Take what the host has sent so far, without blocking.
    if (in_pos == in.size()) {
      in.clear();
      in_pos = 0;
    }
    ssize_t n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n == 0) return;
    if (n > 0) in.insert(in.end(), chunk, chunk + n);

    // The frame timeout counts milliseconds of wall time: one tick on the batch's first cycle.
    auto now = Clock::now();
    bool tick_due = now - last_tick >= std::chrono::milliseconds(1);
    if (tick_due) last_tick = now;

    // Clock the core while it has input or work.
    for (int k = 0; k < (1 << 16); ++k) {
      dev.top.tick_i = (k == 0 && tick_due) ? 1 : 0;
      bool has_input = in_pos < in.size();
      dev.top.in_valid_i = has_input ? 1 : 0;
      dev.top.in_data_i = has_input ? in[in_pos] : 0;
      dev.top.out_ready_i = 1;
      dev.top.clk_i = 0;
      dev.top.eval();
      bool took = has_input && dev.top.in_ready_o;
      bool emitted = dev.top.out_valid_o;
      unsigned char byte = dev.top.out_data_o;
      dev.Step();
      if (took) ++in_pos;
      if (emitted) out.push_back(byte);
      if (!has_input && dev.top.idle_o) break;
    }
    if (!out.empty()) {
      if (!SendAll(fd, out)) return;
      out.clear();
    }

    if (in_pos == in.size() && dev.top.idle_o) {
      pollfd p{fd, POLLIN, 0};
      poll(&p, 1, 1);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  std::string listen_at = "127.0.0.1:0";
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--listen") == 0) listen_at = argv[i + 1];
  size_t colon = listen_at.rfind(':');
  std::string host = listen_at.substr(0, colon);
  int port = std::atoi(listen_at.c_str() + colon + 1);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1 ||
      bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 1) != 0) {
    std::perror("rtl-sim: listen");
    return 2;
  }
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::printf("rtl-sim listening on sim:%s:%d\n", host.c_str(), ntohs(addr.sin_port));
  std::fflush(stdout);

  Device dev;
  dev.Reset();
  while (true) {
    int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    Serve(dev, fd);
    close(fd);
  }
}

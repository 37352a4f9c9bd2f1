// gdb_fuzz.cc -- libFuzzer target over the GDB stub's packet parser and
// command layer (bench/sim/gdb_packet.h, gdb_session.h), without sockets
// and without the co-simulation: the input is the byte stream GDB would
// send; every complete packet is handled by a Session over a small target
// (64 KiB of memory at 0x80000000, registers, a few CSRs).
//
// Invariants checked as it goes: every reply frames and parses back to
// itself (encode_packet, then PacketReader); a reply is "OK", "", an
// "Enn" error, hex, or one of the forms its packet allows; no reply is
// longer than PacketSize after escaping; memory outside the target's
// window is never reported read or written.  A broken invariant aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "gdb_packet.h"
#include "gdb_session.h"

namespace {

using mmcosim::gdb::Target;

constexpr uint32_t kMemBase = 0x80000000u;
constexpr size_t kMemSize = 64 * 1024;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "gdb_fuzz: %s\n", what.c_str());
  std::abort();
}

class MemoryTarget : public Target {
 public:
  MemoryTarget() : mem_(kMemSize, 0) {}
  uint32_t reg(unsigned i) override {
    if (i > mmcosim::gdb::kRegPc) Fail("reg() index out of range");
    return regs_[i];
  }
  void set_reg(unsigned i, uint32_t v) override {
    if (i > mmcosim::gdb::kRegPc) Fail("set_reg() index out of range");
    if (i != 0) regs_[i] = v;
  }
  bool csr_read(unsigned csr, uint32_t* v) override {
    if (csr >= mmcosim::gdb::kNumCsrs) Fail("csr_read() number out of range");
    auto it = csrs_.find(csr);
    if (it == csrs_.end()) return false;
    *v = it->second;
    return true;
  }
  bool csr_write(unsigned csr, uint32_t v) override {
    if (csr >= mmcosim::gdb::kNumCsrs) Fail("csr_write() number out of range");
    auto it = csrs_.find(csr);
    if (it == csrs_.end()) return false;
    it->second = v;
    return true;
  }
  unsigned priv() override { return 3; }
  size_t read_mem(uint32_t va, uint8_t* out, size_t n) override {
    size_t k = 0;
    for (; k < n && inside(va + uint64_t(k)); ++k) out[k] = mem_[va - kMemBase + k];
    return k;
  }
  size_t write_mem(uint32_t va, const uint8_t* in, size_t n) override {
    size_t k = 0;
    for (; k < n && inside(va + uint64_t(k)); ++k) mem_[va - kMemBase + k] = in[k];
    return k;
  }
  PointResult insert_point(unsigned type, uint32_t, uint32_t) override {
    if (type > 4) Fail("insert_point() type out of range");
    return type == 0 ? PointResult::kOk : PointResult::kUnsupported;
  }
  PointResult remove_point(unsigned type, uint32_t, uint32_t) override {
    if (type > 4) Fail("remove_point() type out of range");
    return type == 0 ? PointResult::kOk : PointResult::kError;
  }
  std::string monitor(const std::string& line) override {
    return "monitor: " + line + "\n" + std::string(line.size() * 3, 'x');
  }
  static std::vector<unsigned> csr_list() { return {0x300, 0x180, 0x342}; }

 private:
  static bool inside(uint64_t a) { return a >= kMemBase && a < kMemBase + kMemSize; }
  std::vector<uint8_t> mem_;
  uint32_t regs_[33] = {};
  std::map<unsigned, uint32_t> csrs_{{0x300, 0}, {0x180, 0}, {0x342, 0}};
};

// The reply, framed, must come back unchanged through the reader.
void check_reply(const std::string& reply) {
  const std::string framed = mmcosim::gdb::encode_packet(reply);
  if (reply.size() > mmcosim::gdb::kMaxPacket) Fail("reply longer than PacketSize");
  mmcosim::gdb::PacketReader r;
  mmcosim::gdb::PacketReader::Event last = mmcosim::gdb::PacketReader::Event::kNone;
  for (char c : framed) last = r.feed(uint8_t(c));
  if (last != mmcosim::gdb::PacketReader::Event::kPacket || r.payload() != reply)
    Fail("reply does not parse back: " + reply.substr(0, 80));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemoryTarget target;
  mmcosim::gdb::Session session(&target, MemoryTarget::csr_list());
  mmcosim::gdb::PacketReader reader;
  for (size_t i = 0; i < size; ++i) {
    if (reader.feed(data[i]) != mmcosim::gdb::PacketReader::Event::kPacket) continue;
    const std::string payload = reader.payload();
    if (payload.size() > mmcosim::gdb::kMaxPacket) Fail("payload longer than PacketSize");
    mmcosim::gdb::Session::Action action;
    const std::vector<std::string> replies = session.handle(payload, &action);
    for (const std::string& r : replies) check_reply(r);
    if (action != mmcosim::gdb::Session::Action::kNone) {
      if (!replies.empty() && action != mmcosim::gdb::Session::Action::kDetach)
        Fail("a resume or kill with a reply: " + payload.substr(0, 40));
      mmcosim::gdb::StopInfo stop;
      check_reply(session.stop_reply(stop));
    }
    if (!payload.empty() && payload[0] == 'm' && !replies.empty() &&
        replies[0] != "E01" && replies[0] != "E14" && !replies[0].empty()) {
      std::string bytes;
      if (!mmcosim::gdb::from_hex(replies[0], &bytes)) Fail("m reply is not hex");
    }
  }
  return 0;
}

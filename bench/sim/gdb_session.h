// GDB remote serial protocol, command layer: turns one packet payload into
// its reply, against an abstract Target.  It knows nothing of sockets or of
// the co-simulation (gdb_stub.h drives it; tests/fuzz/gdb_fuzz.cc fuzzes it
// with a target over a plain byte array).
//
// Packets served (anything else gets the empty reply, "not supported"):
//   qSupported  PacketSize, qXfer:features:read+, swbreak+, hwbreak+
//   qXfer:features:read:target.xml   RV32 description: org.gnu.gdb.riscv.cpu
//               (x0..x31, pc), org.gnu.gdb.riscv.csr (every CSR the hart
//               has, regnum 65 + CSR number as GDB numbers them),
//               org.gnu.gdb.riscv.virtual (priv)
//   ?  g G p P m M X           state and memory (virtual addresses)
//   c s C S vCont;c/s/C/S      resume: Action kContinue / kStep
//   Z0..Z4 z0..z4              break- and watchpoints, through the Target
//   qRcmd,HEX                  `monitor` commands, through the Target
//   D  k                       detach (run on) and kill
//   H qC qAttached qfThreadInfo qsThreadInfo T   the single thread "1"
// Errors: "E01" malformed packet, "E14" (EFAULT) unreadable or unwritable
// memory, "E22" (EINVAL) bad register or value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mmcosim::gdb {

// GDB's register numbers for RISC-V (gdb/riscv-tdep.h).
constexpr unsigned kRegPc = 32;
constexpr unsigned kRegFirstCsr = 65;
constexpr unsigned kNumCsrs = 4096;
constexpr unsigned kRegPriv = kRegFirstCsr + kNumCsrs;

// The machine under the debugger.
class Target {
 public:
  enum class PointResult { kOk, kUnsupported, kError };
  virtual ~Target() = default;
  // x0..x31 (index 0..31) and pc (32).
  virtual uint32_t reg(unsigned index) = 0;
  virtual void set_reg(unsigned index, uint32_t value) = 0;
  virtual bool csr_read(unsigned csr, uint32_t* value) = 0;
  virtual bool csr_write(unsigned csr, uint32_t value) = 0;
  virtual unsigned priv() = 0;
  // Bytes at virtual addresses as the hart would see them now; returns how
  // many bytes from the start could be read / written (0: none).
  virtual size_t read_mem(uint32_t va, uint8_t* out, size_t n) = 0;
  virtual size_t write_mem(uint32_t va, const uint8_t* in, size_t n) = 0;
  // Z/z packets: type 0 software break, 1 hardware break, 2 write, 3 read,
  // 4 access watchpoint; `kind` is the length in bytes.
  virtual PointResult insert_point(unsigned type, uint32_t addr, uint32_t kind) = 0;
  virtual PointResult remove_point(unsigned type, uint32_t addr, uint32_t kind) = 0;
  // A `monitor` command line; returns the text to print.
  virtual std::string monitor(const std::string& line) = 0;
};

// Why the target stopped, for the stop reply.
struct StopInfo {
  enum class Kind { kSignal, kExited, kTerminated };
  Kind kind = Kind::kSignal;
  unsigned value = 5;     // signal (5 SIGTRAP, 2 SIGINT) or exit status
  std::string reason;     // "swbreak:;", "hwbreak:;", "watch:ADDR;" ...
};

class Session {
 public:
  enum class Action { kNone, kContinue, kStep, kDetach, kKill };

  // `csrs` lists the CSR numbers the hart has (for the target description).
  Session(Target* target, std::vector<unsigned> csrs);

  // Handles one packet: returns the payloads to send, in order (none for
  // a resume or kill) and sets *action.
  std::vector<std::string> handle(const std::string& payload, Action* action);
  // The stop reply for `s`; remembered for '?'.
  std::string stop_reply(const StopInfo& s);

  const std::string& target_xml() const { return xml_; }

 private:
  std::string read_regs();
  std::string write_regs(const std::string& hex);
  std::string read_reg(const std::string& args);
  std::string write_reg(const std::string& args);
  std::string read_mem(const std::string& args);
  std::string write_mem(const std::string& args, bool binary);
  std::string point(const std::string& payload);
  std::string xfer(const std::string& args);
  std::vector<std::string> monitor(const std::string& hex);
  Action resume_action(const std::string& payload, bool* ok);

  Target* target_;
  std::string xml_;
  std::string last_stop_ = "S05";
};

// The architectural name of CSR `csr` ("mstatus", "mhpmcounter3h", ...),
// or "csr0xNNN" for a number without one here.
std::string csr_name(unsigned csr);

}  // namespace mmcosim::gdb

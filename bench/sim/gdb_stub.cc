#include "gdb_stub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>

#include "gdb_packet.h"
#include "gdb_session.h"
#include "rv_defs.h"
#include "simulator.h"
#include "sv32.h"
#include "top.h"

namespace mmcosim {

namespace {

// Cycles per run window while GDB waits for a stop (Ctrl-C latency).
constexpr uint64_t kPollCycles = 200000;
constexpr unsigned kSigInt = 2, kSigTrap = 5, kSigXcpu = 24;
constexpr unsigned kMaxPort = 65535;

// The page tables through the DRAM backdoor, read-only: an A/D update the
// walk would make is reported as done but not written.  Every PTE read is
// recorded for `monitor walk`.
class BackdoorPtes : public sv32::PhysMem {
 public:
  explicit BackdoorPtes(BackdoorIf* mem) : mem_(mem) {}
  bool read_pte(uint64_t pa, uint32_t* value) override {
    const bool ok = pa <= UINT32_MAX && mem_->peek32(uint32_t(pa), value);
    reads.push_back({pa, ok ? *value : 0, ok});
    return ok;
  }
  bool cas_pte(uint64_t pa, uint32_t expected, uint32_t, uint32_t* current) override {
    if (!read_pte(pa, current)) return false;
    return *current == expected;
  }
  struct Read {
    uint64_t pa;
    uint32_t value;
    bool ok;
  };
  std::vector<Read> reads;

 private:
  BackdoorIf* mem_;
};

std::string pte_flags(uint32_t pte) {
  const char names[] = "VRWXUGAD";
  std::string f;
  for (unsigned b = 0; b < 8; ++b) f.push_back(pte >> b & 1 ? names[b] : '-');
  return f;
}

std::string hex32(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "0x%08" PRIx64, v);
  return buf;
}

const char* priv_name(unsigned p) {
  return p == rv::kPrivM ? "M" : p == rv::kPrivS ? "S" : "U";
}

}  // namespace

// ---------------------------------------------------------------- the target
class SimTarget : public gdb::Target {
 public:
  explicit SimTarget(Simulator* sim) : sim_(sim), cpu_(sim->top().cpu()) {}

  uint32_t reg(unsigned i) override {
    return i == gdb::kRegPc ? cpu_.pc() : cpu_.reg(i);
  }
  void set_reg(unsigned i, uint32_t v) override {
    if (i == gdb::kRegPc) {
      cpu_.set_pc(v);
    } else {
      cpu_.set_reg(i, v);
    }
  }
  bool csr_read(unsigned csr, uint32_t* v) override {
    return cpu_.csr_peek(uint16_t(csr), v);
  }
  bool csr_write(unsigned csr, uint32_t v) override {
    return cpu_.csr_poke(uint16_t(csr), v);
  }
  unsigned priv() override { return cpu_.priv(); }

  size_t read_mem(uint32_t va, uint8_t* out, size_t n) override {
    size_t done = 0;
    while (done < n) {
      uint64_t pa = 0;
      if (!translate(va + uint32_t(done), sv32::Access::kLoad, &pa) &&
          !translate(va + uint32_t(done), sv32::Access::kFetch, &pa))
        break;
      uint32_t w = 0;
      if (pa > UINT32_MAX || !backdoor().peek32(uint32_t(pa) & ~3u, &w)) break;
      out[done++] = uint8_t(w >> (8 * (pa & 3)));
    }
    return done;
  }
  size_t write_mem(uint32_t va, const uint8_t* in, size_t n) override {
    size_t done = 0;
    while (done < n) {
      uint64_t pa = 0;
      if (!translate(va + uint32_t(done), sv32::Access::kStore, &pa)) break;
      uint32_t w = 0;
      const uint32_t word = uint32_t(pa) & ~3u, shift = 8 * (pa & 3);
      if (pa > UINT32_MAX || !backdoor().peek32(word, &w)) break;
      w = (w & ~(0xffu << shift)) | uint32_t(in[done]) << shift;
      if (!backdoor().poke32(word, w)) break;
      ++done;
    }
    return done;
  }

  // Z0: kept here, matched by the CPU's break hook.  Z1..Z4: Debug-Mode
  // triggers (Sdtrig mcontrol6, TriggerModule::debug_set).
  PointResult insert_point(unsigned type, uint32_t addr, uint32_t kind) override {
    if (type == kSwBreak) {
      breakpoints_.insert(addr);
      return PointResult::kOk;
    }
    TriggerModule::DebugSpec spec;
    spec.addr = addr;
    spec.len = type == kHwBreak ? 1 : kind;
    spec.ops = kTriggerOps[type];
    const int index = cpu_.triggers().debug_set(spec);
    if (index < 0) return PointResult::kError;  // all triggers in use
    points_.push_back({type, addr, kind, unsigned(index)});
    return PointResult::kOk;
  }
  PointResult remove_point(unsigned type, uint32_t addr, uint32_t kind) override {
    if (type == kSwBreak) {
      breakpoints_.erase(addr);
      return PointResult::kOk;
    }
    for (auto it = points_.begin(); it != points_.end(); ++it) {
      if (it->type == type && it->addr == addr && it->kind == kind) {
        cpu_.triggers().debug_clear(it->trigger);
        points_.erase(it);
        return PointResult::kOk;
      }
    }
    return PointResult::kError;
  }

  std::string monitor(const std::string& line) override;

  bool is_breakpoint(uint32_t pc) const {
    return !breakpoints_.empty() && breakpoints_.count(pc);
  }
  // The CPU halted: remember why, for the stop reply.
  void on_halt(Cpu::HaltReason why, const TriggerModule::Hit* hit) {
    stop_reason_.clear();
    switch (why) {
      case Cpu::HaltReason::kRequest:
        stop_signal_ = interrupt_ ? kSigInt : kSigTrap;
        break;
      case Cpu::HaltReason::kStep:
        stop_signal_ = kSigTrap;
        break;
      case Cpu::HaltReason::kBreakpoint:
      case Cpu::HaltReason::kEbreak:
        stop_signal_ = kSigTrap;
        stop_reason_ = "swbreak:;";
        break;
      case Cpu::HaltReason::kTrigger:
        stop_signal_ = kSigTrap;
        stop_reason_ = "hwbreak:;";
        if (hit && hit->op != TriggerModule::kExecute) {
          const char* what = "awatch";
          for (const Point& p : points_)
            if (p.trigger == hit->index) what = kWatchReason[p.type];
          char buf[48];
          snprintf(buf, sizeof buf, "%s:%x;", what, hit->addr);
          stop_reason_ = buf;
        }
        break;
    }
    interrupt_ = false;
  }
  // Ctrl-C: halt at the next boundary and report SIGINT.
  void interrupt() {
    interrupt_ = true;
    cpu_.debug_halt();
  }
  void detach() {
    breakpoints_.clear();
    points_.clear();
    cpu_.triggers().debug_clear_all();
  }
  void set_trace(bool on);
  gdb::StopInfo stop() const {
    gdb::StopInfo s;
    s.value = stop_signal_;
    s.reason = stop_reason_;
    return s;
  }

 private:
  BackdoorIf& backdoor() { return sim_->top().coherent_memory(); }
  sv32::Context context(sv32::Access a) const;
  bool translate(uint32_t va, sv32::Access a, uint64_t* pa) const;
  std::string walk(uint32_t va);
  std::string tlb();
  std::string stats();

  Simulator* sim_;
  Cpu& cpu_;
  struct Point {
    unsigned type;
    uint32_t addr, kind;
    unsigned trigger;
  };
  // Z types 1..4 -> trigger operations, and the stop reason of 2..4.
  static constexpr unsigned kSwBreak = 0, kHwBreak = 1;
  static constexpr uint32_t kTriggerOps[] = {
      0, TriggerModule::kExecute, TriggerModule::kStore, TriggerModule::kLoad,
      TriggerModule::kLoad | TriggerModule::kStore};
  static constexpr const char* kWatchReason[] = {"", "", "watch", "rwatch", "awatch"};

  std::set<uint32_t> breakpoints_;
  std::vector<Point> points_;
  bool interrupt_ = false;
  unsigned stop_signal_ = kSigTrap;
  std::string stop_reason_;
};

// The translation context of an access by the hart now (docs/ports.md's
// sideband): data accesses take MPRV/MPP into account, fetches do not.
sv32::Context SimTarget::context(sv32::Access a) const {
  uint32_t mstatus = 0, satp = 0, menvcfgh = 0;
  cpu_.csr_peek(rv::kCsrMstatus, &mstatus);
  cpu_.csr_peek(rv::kCsrSatp, &satp);
  cpu_.csr_peek(rv::kCsrMenvcfgh, &menvcfgh);
  sv32::Context c;
  c.satp = satp;
  c.priv = cpu_.priv();
  if (a != sv32::Access::kFetch && (mstatus & rv::kMstatusMprv))
    c.priv = (mstatus & rv::kMstatusMpp) >> rv::kMstatusMppShift;
  c.sum = mstatus & rv::kMstatusSum;
  c.mxr = mstatus & rv::kMstatusMxr;
  c.adue = sim_->config().mmu_svadu && (menvcfgh & rv::kMenvcfghAdue);
  return c;
}

bool SimTarget::translate(uint32_t va, sv32::Access a, uint64_t* pa) const {
  BackdoorPtes mem(&sim_->top().coherent_memory());
  const sv32::Result r = sv32::translate(context(a), va, a, mem);
  if (r.fault) return false;
  *pa = r.pa;
  return true;
}

// --------------------------------------------------------- monitor commands
std::string SimTarget::monitor(const std::string& line) {
  std::istringstream in(line);
  std::string cmd, arg;
  in >> cmd >> arg;
  if (cmd == "stats") return stats();
  if (cmd == "tlb") return tlb();
  if (cmd == "walk") {
    uint64_t va = 0;
    std::string digits = arg.compare(0, 2, "0x") == 0 ? arg.substr(2) : arg;
    if (!gdb::parse_hex(digits, &va) || va > UINT32_MAX)
      return "walk: needs a virtual address in hex, e.g. monitor walk 0xc0001000\n";
    return walk(uint32_t(va));
  }
  if (cmd == "trace" && (arg == "on" || arg == "off")) {
    set_trace(arg == "on");
    return "instruction trace " + arg + " (stderr of the simulator)\n";
  }
  return "monitor commands: stats, tlb, walk ADDR, trace on|off\n";
}

std::string SimTarget::stats() {
  std::vector<uint64_t> v = sim_->stats().snapshot();
  std::string out;
  for (unsigned i = 0; i < v.size(); ++i) {
    char buf[128];
    snprintf(buf, sizeof buf, "%-32s %" PRIu64 "\n", Stats::name(i), v[i]);
    out += buf;
  }
  return out;
}

// The RTL TLBs' valid entries, read through DPI (mmcosim_tlb_read).
std::string SimTarget::tlb() {
  std::string out;
  for (const RtlTlb& t : read_rtl_tlbs()) {
    unsigned valid = 0;
    for (const RtlTlbEntry& e : t.entries) valid += e.valid;
    char buf[160];
    snprintf(buf, sizeof buf, "%s: %u of %zu entries valid\n", t.scope.c_str(),
             valid, t.entries.size());
    out += buf;
    for (size_t i = 0; i < t.entries.size(); ++i) {
      const RtlTlbEntry& e = t.entries[i];
      if (!e.valid) continue;
      const uint32_t va = e.vpn << sv32::kPageShift;
      const uint64_t pa = uint64_t(e.ppn) << sv32::kPageShift;
      const char perm[] = {e.perm & 16 ? 'D' : '-', e.perm & 8 ? 'U' : '-',
                           e.perm & 4 ? 'X' : '-', e.perm & 2 ? 'W' : '-',
                           e.perm & 1 ? 'R' : '-', 0};
      snprintf(buf, sizeof buf,
               "  [%2zu] va 0x%08x -> pa 0x%09" PRIx64 " %s asid %3u%s %s\n", i,
               e.mega ? va & ~((1u << sv32::kMegaShift) - 1) : va,
               e.mega ? pa & ~((uint64_t(1) << sv32::kMegaShift) - 1) : pa,
               e.mega ? "4M" : "4K", e.asid, e.global ? " G" : "  ", perm);
      out += buf;
    }
  }
  return out;
}

// The Sv32 walk of va for a load by the hart now, each PTE read printed.
std::string SimTarget::walk(uint32_t va) {
  const sv32::Context c = context(sv32::Access::kLoad);
  BackdoorPtes mem(&sim_->top().coherent_memory());
  const sv32::Result r = sv32::translate(c, va, sv32::Access::kLoad, mem);
  char buf[200];
  snprintf(buf, sizeof buf, "walk %s: satp %s, load at privilege %s, SUM %d, MXR %d\n",
           hex32(va).c_str(), hex32(c.satp).c_str(), priv_name(c.priv), c.sum, c.mxr);
  std::string out = buf;
  if (!r.translated && !r.fault) {
    return out + "  not translated (Bare or M mode): pa " + hex32(r.pa) + "\n";
  }
  unsigned level = sv32::kLevels;
  uint64_t last = UINT64_MAX;
  for (const BackdoorPtes::Read& rd : mem.reads) {
    if (rd.pa == last) continue;  // the compare read of an A/D update
    last = rd.pa;
    --level;
    if (!rd.ok) {
      snprintf(buf, sizeof buf, "  L%u  PTE at pa 0x%09" PRIx64 ": no memory there\n",
               level, rd.pa);
    } else {
      const uint32_t pte = rd.value;
      const bool leaf = pte & (sv32::kPteR | sv32::kPteX);
      snprintf(buf, sizeof buf,
               "  L%u  VPN[%u] = 0x%03x  PTE at pa 0x%09" PRIx64
               " = 0x%08x  ppn 0x%06x %s  %s\n",
               level, level, sv32::vpn(va, level), rd.pa, pte, sv32::pte_ppn(pte),
               pte_flags(pte).c_str(),
               !(pte & sv32::kPteV) ? "invalid"
               : leaf ? (level ? "leaf (4 MiB megapage)" : "leaf (4 KiB page)")
                      : "pointer to the next level");
    }
    out += buf;
  }
  if (r.fault) {
    snprintf(buf, sizeof buf, "  -> fault: cause %u (%s)\n", r.cause,
             r.cause == sv32::page_fault_cause(sv32::Access::kLoad) ? "load page fault"
                                                                   : "load access fault");
  } else {
    snprintf(buf, sizeof buf, "  -> pa 0x%09" PRIx64 "%s\n", r.pa,
             r.ad_updated ? " (the hart would set A/D first; not written here)" : "");
  }
  return out + buf;
}

void SimTarget::set_trace(bool on) {
  if (!on) {
    cpu_.set_retire_hook(nullptr);
    return;
  }
  Cpu* cpu = &cpu_;
  Simulator* sim = sim_;
  cpu_.set_retire_hook([cpu, sim](uint32_t pc, uint32_t insn) {
    fprintf(stderr, "trace: cycle %" PRIu64 " %s pc 0x%08x insn 0x%0*x\n",
            sim->cycles(), priv_name(cpu->priv()), pc, (insn & 3) == 3 ? 8 : 4, insn);
  });
}

// ---------------------------------------------------------------- the server
struct GdbStub::Impl {
  Simulator* sim = nullptr;
  int listen_fd = -1, fd = -1;
  unsigned port = 0;
  std::unique_ptr<SimTarget> target;
  std::unique_ptr<gdb::Session> session;
  gdb::PacketReader reader;
  std::vector<std::string> pending;  // packets received, not yet handled
  uint64_t max_cycles = 0;
  bool interrupted = false;

  ~Impl() {
    if (fd >= 0) close(fd);
    if (listen_fd >= 0) close(listen_fd);
  }
  void send(const std::string& payload) {
    if (fd < 0) return;
    const std::string pkt = gdb::encode_packet(payload);
    size_t off = 0;
    while (off < pkt.size()) {
      const ssize_t n = ::send(fd, pkt.data() + off, pkt.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        disconnect();
        return;
      }
      off += size_t(n);
    }
  }
  void send_raw(char c) {
    if (fd >= 0 && ::send(fd, &c, 1, MSG_NOSIGNAL) != 1) disconnect();
  }
  void disconnect() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  // Feeds received bytes to the reader; returns a packet payload in *pkt
  // when one completed.  `wait`: block until something arrives.
  bool receive(bool wait, std::string* pkt);
  uint64_t budget() const {
    if (!max_cycles) return kPollCycles;
    const uint64_t left = max_cycles > sim->cycles() ? max_cycles - sim->cycles() : 0;
    return left < kPollCycles ? left : kPollCycles;
  }
  // Runs until a stop; returns the stop to report.
  gdb::StopInfo run(bool step, bool* ended);
  gdb::StopInfo run_window(bool* ended);
  Outcome run_to_end();
};

bool GdbStub::Impl::receive(bool wait, std::string* pkt) {
  while (fd >= 0) {
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, wait ? -1 : 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    uint8_t buf[512];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      disconnect();
      return false;
    }
    for (ssize_t i = 0; i < n; ++i) {
      switch (reader.feed(buf[i])) {
        case gdb::PacketReader::Event::kPacket:
          send_raw('+');
          pending.push_back(reader.payload());
          break;
        case gdb::PacketReader::Event::kBadPacket:
          fprintf(stderr, "mmcosim: gdb: bad packet (%s), NAK sent\n", reader.error());
          send_raw('-');
          break;
        case gdb::PacketReader::Event::kInterrupt:
          interrupted = true;
          break;
        default:
          break;
      }
    }
    if (!pending.empty()) break;
    if (!wait) return false;
  }
  if (pending.empty()) return false;
  *pkt = pending.front();
  pending.erase(pending.begin());
  return true;
}

gdb::StopInfo GdbStub::Impl::run(bool step, bool* ended) {
  *ended = false;
  interrupted = false;
  Cpu& cpu = sim->top().cpu();
  if (step && !cpu.halted()) {  // at reset or in WFI: halt at a boundary first
    cpu.debug_halt();
    const gdb::StopInfo s = run_window(ended);
    if (*ended || !cpu.halted()) return s;
  }
  if (step) {
    cpu.debug_step();
  } else {
    cpu.debug_resume();
  }
  return run_window(ended);
}

// Runs until the CPU halts, the program ends, or GDB interrupts or leaves.
gdb::StopInfo GdbStub::Impl::run_window(bool* ended) {
  Cpu& cpu = sim->top().cpu();
  for (;;) {
    const uint64_t n = budget();
    if (n == 0) {
      *ended = true;
      return gdb::StopInfo{gdb::StopInfo::Kind::kTerminated, kSigXcpu, ""};
    }
    const Simulator::RunResult r = sim->run(n);
    if (r == Simulator::RunResult::kExited) {
      *ended = true;
      return gdb::StopInfo{gdb::StopInfo::Kind::kExited, sim->exit_code(), ""};
    }
    if (r == Simulator::RunResult::kDebugStop) return target->stop();
    std::string pkt;
    while (receive(false, &pkt)) {  // all-stop: GDB sends nothing else now
      fprintf(stderr, "mmcosim: gdb: packet '%.40s' while running, ignored\n", pkt.c_str());
    }
    if (fd < 0) {  // GDB went away: run on without it
      *ended = true;
      return gdb::StopInfo{};
    }
    if (interrupted) {
      interrupted = false;
      if (cpu.in_wfi()) {  // no boundary comes before an interrupt does
        gdb::StopInfo s;
        s.value = kSigInt;
        return s;
      }
      target->interrupt();
    }
  }
}

GdbStub::Outcome GdbStub::Impl::run_to_end() {
  target->detach();
  Top& top = sim->top();
  top.cpu().set_break_hook(nullptr);
  top.set_halt_hook(nullptr);
  top.cpu().debug_resume();
  for (;;) {
    const uint64_t n = budget();
    if (n == 0) return Outcome::kLimit;
    if (sim->run(n) == Simulator::RunResult::kExited) return Outcome::kExited;
  }
}

std::unique_ptr<GdbStub> GdbStub::listen(Simulator* sim, unsigned port,
                                         std::string* error) {
  if (port > kMaxPort) {
    *error = "option --gdb needs a TCP port 0..65535, got " + std::to_string(port);
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->sim = sim;
  impl->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (impl->listen_fd < 0) {
    *error = std::string("gdb: cannot create a socket: ") + strerror(errno);
    return nullptr;
  }
  const int one = 1;
  setsockopt(impl->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(impl->listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(impl->listen_fd, 1) != 0) {
    *error = "gdb: cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
             strerror(errno);
    return nullptr;
  }
  socklen_t len = sizeof a;
  getsockname(impl->listen_fd, reinterpret_cast<sockaddr*>(&a), &len);
  impl->port = ntohs(a.sin_port);
  return std::unique_ptr<GdbStub>(new GdbStub(std::move(impl)));
}

GdbStub::GdbStub(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GdbStub::~GdbStub() = default;
unsigned GdbStub::port() const { return impl_->port; }

GdbStub::Outcome GdbStub::serve(uint64_t max_cycles) {
  Impl& s = *impl_;
  s.max_cycles = max_cycles;
  Top& top = s.sim->top();
  s.target = std::make_unique<SimTarget>(s.sim);
  std::vector<unsigned> csrs;
  for (unsigned c = 0; c < gdb::kNumCsrs; ++c) {
    uint32_t v;
    if (top.cpu().csr_peek(uint16_t(c), &v)) csrs.push_back(c);
  }
  s.session = std::make_unique<gdb::Session>(s.target.get(), std::move(csrs));
  SimTarget* target = s.target.get();
  top.cpu().set_break_hook([target](uint32_t pc) { return target->is_breakpoint(pc); });
  top.set_halt_hook([target](Cpu::HaltReason why, const TriggerModule::Hit* hit) {
    target->on_halt(why, hit);
  });

  // GDB finds the hart at reset, before the first instruction (no cycle
  // has run: a `continue` gives the run it would have had without GDB).
  fprintf(stderr, "mmcosim: waiting for GDB on 127.0.0.1:%u\n", s.port);
  fflush(stderr);
  for (;;) {
    s.fd = accept4(s.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (s.fd >= 0 || errno != EINTR) break;
  }
  close(s.listen_fd);  // one debugger per run; the port is released now
  s.listen_fd = -1;
  if (s.fd < 0) {
    fprintf(stderr, "mmcosim: gdb: accept failed: %s; running without GDB\n",
            strerror(errno));
    return s.run_to_end();
  }
  const int one = 1;
  setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  std::string pkt;
  for (;;) {
    if (!s.receive(true, &pkt)) return s.run_to_end();  // GDB went away
    gdb::Session::Action action;
    for (const std::string& reply : s.session->handle(pkt, &action)) s.send(reply);
    switch (action) {
      case gdb::Session::Action::kNone:
        break;
      case gdb::Session::Action::kContinue:
      case gdb::Session::Action::kStep: {
        bool ended = false;
        const gdb::StopInfo stop = s.run(action == gdb::Session::Action::kStep, &ended);
        if (ended && s.fd < 0) return s.sim->exited() ? Outcome::kExited : s.run_to_end();
        s.send(s.session->stop_reply(stop));
        if (ended) {
          s.disconnect();
          return stop.kind == gdb::StopInfo::Kind::kExited ? Outcome::kExited
                                                           : Outcome::kLimit;
        }
        break;
      }
      case gdb::Session::Action::kDetach:
        s.disconnect();
        return s.run_to_end();
      case gdb::Session::Action::kKill:
        s.disconnect();
        return Outcome::kKilled;
    }
  }
}

}  // namespace mmcosim

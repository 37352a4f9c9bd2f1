// The GDB stub (bench/sim/gdb_stub.h) against Debian's gdb-multiarch in
// batch mode and against a raw protocol client: every test starts its own
// simulator with --gdb on a free loopback port, and stops it (kill, detach
// to the end, or SIGKILL on failure); the port is free again afterwards.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "mmcosim_cfg.h"
#include "run_child.h"

using mmcosim_test::read_file;
using mmcosim_test::run_child;
using mmcosim_test::write_file;

namespace {

const std::string kSim = MMCOSIM_CLI;
const std::string kFw = MMCOSIM_FIRMWARE_DIR;
const std::string kGdb = MMCOSIM_GDB;
constexpr int kExitKilled = 137;  // bench/main.cc: killed by GDB

std::string tmp(const std::string& name) {
  return std::string(testing::TempDir()) + "mmcosim-gdb-" + name;
}

// A loopback port nobody listens on now.
unsigned free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// Nobody listens on the port any more (a connection is refused).
bool port_free(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool refused = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0;
  close(fd);
  return refused;
}

// The simulator as a background child; killed if a test leaves it running.
class SimProcess {
 public:
  SimProcess(const std::string& name, std::vector<std::string> args)
      : out_(tmp(name + ".out")), err_(tmp(name + ".err")) {
    args.insert(args.begin(), kSim);
    pid_ = fork();
    if (pid_ == 0) {
      if (!freopen(out_.c_str(), "w", stdout) || !freopen(err_.c_str(), "w", stderr)) _exit(127);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~SimProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  // Exit status, or -1 after `timeout_s` (then the child is killed).
  int wait(int timeout_s) {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < end) {
      int st = 0;
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  pid_t pid_ = -1;
  std::string out_, err_;
};

// gdb-multiarch -batch with `script` after `target remote` on `port`.
mmcosim_test::ChildResult run_gdb(const std::string& name, unsigned port,
                                  const std::string& elf, const std::string& script) {
  const std::string path = tmp(name + ".gdb");
  write_file(path, "set pagination off\nset confirm off\ntarget remote 127.0.0.1:" +
                       std::to_string(port) + "\n" + script);
  return run_child({kGdb, "-nx", "-batch", "-x", path, elf}, 120);
}

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// ------------------------------------------------------------- raw client
class RawClient {
 public:
  explicit RawClient(unsigned port) {
    for (int i = 0; i < 200 && fd_ < 0; ++i) {  // the simulator may still be starting
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(uint16_t(port));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        fd_ = fd;
      } else {
        close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }
  ~RawClient() {
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return fd_ >= 0; }
  void send_raw(const std::string& s) { ASSERT_EQ(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size())); }
  static std::string frame(const std::string& payload) {
    unsigned sum = 0;
    for (char c : payload) sum += uint8_t(c);
    char tail[4];
    snprintf(tail, sizeof tail, "#%02x", sum & 0xff);
    return "$" + payload + tail;
  }
  // Reads until `n` bytes or a complete "$...#hh" packet; "" on timeout.
  std::string read_some(int timeout_ms) {
    std::string got;
    while (true) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) return got;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return got;
      got.append(buf, size_t(n));
      const size_t hash = got.find('#', got.find('$') == std::string::npos ? 0 : got.find('$'));
      if (got.find('$') != std::string::npos && hash != std::string::npos && got.size() >= hash + 3)
        return got;
      if (got.find('$') == std::string::npos && !got.empty() && got.back() == '-') return got;
    }
  }
  // Sends a packet and returns the payload of the reply (after the ack).
  std::string ask(const std::string& payload, int timeout_ms = 10000) {
    send_raw(frame(payload));
    const std::string r = read_some(timeout_ms);
    send_raw("+");
    const size_t d = r.find('$'), h = r.find('#', d == std::string::npos ? 0 : d);
    if (d == std::string::npos || h == std::string::npos) return "<no reply: " + r + ">";
    return r.substr(d + 1, h - d - 1);
  }

 private:
  int fd_ = -1;
};

// --------------------------------------------------------------- the tests

TEST(GdbTest, BadGdbOptionIsOneLineError) {
  for (const char* v : {"--gdb=abc", "--gdb=70000", "--gdb=-1", "--gdb="}) {
    auto r = run_child({kSim, std::string(v), kFw + "/hello.elf"}, 30);
    EXPECT_EQ(r.status, 2) << v << ": " << r.err;
    EXPECT_TRUE(has(r.err, "--gdb")) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  }
}

TEST(GdbTest, PortInUseIsOneLineError) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  auto r = run_child({kSim, "--gdb=" + std::to_string(ntohs(a.sin_port)), kFw + "/hello.elf"}, 30);
  close(fd);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "cannot listen on 127.0.0.1:")) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
}

// Break in a kernel function, read variables and CSRs, the Sv32 walk and
// the RTL TLBs from `monitor`, then kill.
TEST(GdbTest, KernelBreakpointVariablesWalkTlbKill) {
  const unsigned port = free_port();
  SimProcess sim("kernel", {"--gdb=" + std::to_string(port), kFw + "/kernel.elf"});
  auto g = run_gdb("kernel", port, kFw + "/kernel.elf",
                   "break free_area_init\ncontinue\nbt\np max_low_pfn\np $priv\n"
                   "p/x ($satp >> 31) & 1\nmonitor walk 0xc0001000\nmonitor tlb\nkill\n");
  EXPECT_EQ(sim.wait(60), kExitKilled) << sim.err();
  const std::string o = g.out + g.err;  // monitor output goes to stderr
  EXPECT_TRUE(has(o, "Breakpoint 1, free_area_init")) << o << g.err;
  EXPECT_TRUE(has(o, "in setup_arch ()")) << o;
  // max_low_pfn: the end of lowmem, all of DRAM in the default machine.
  const uint64_t end_pfn = (MMCOSIM_MEMORY_MAP_DRAM_BASE + MMCOSIM_MEMORY_MAP_DRAM_SIZE) >> 12;
  EXPECT_TRUE(has(o, "$1 = " + std::to_string(end_pfn))) << o;
  EXPECT_TRUE(has(o, "$2 = 1\n")) << "the kernel runs in S mode: " << o;
  EXPECT_TRUE(has(o, "$3 = 0x1\n")) << "Sv32 on: " << o;
  // PAGE_OFFSET maps the start of DRAM: 0xc0001000 -> DRAM base + 0x1000.
  char pa[64];
  snprintf(pa, sizeof pa, "-> pa 0x%09llx", (unsigned long long)MMCOSIM_MEMORY_MAP_DRAM_BASE + 0x1000);
  EXPECT_TRUE(has(o, "walk 0xc0001000: satp 0x8")) << o;
  EXPECT_TRUE(has(o, "  L1  VPN[1] = 0x300")) << o;
  EXPECT_TRUE(has(o, pa)) << o;
  EXPECT_TRUE(has(o, "u_itlb: ")) << o;
  EXPECT_TRUE(has(o, "u_dtlb: ")) << o;
  EXPECT_TRUE(has(o, "va 0xc00")) << "kernel entries in the TLBs: " << o;
  EXPECT_TRUE(port_free(port));
}

// Demand paging (firmware/tests/vm_demand.c): the fault of a store, the
// retried store stepped over, a `stepi` over a store that faults (GDB
// steps RISC-V in software: a breakpoint on the next instruction, so the
// handler runs inside the step), a hardware watchpoint on a PTE that the
// handler fills in.
TEST(GdbTest, DemandPagingStepIntoFaultAndWatchPte) {
  const unsigned port = free_port();
  const std::string elf = kFw + "/vm_demand.elf";
  SimProcess sim("demand", {"--gdb=" + std::to_string(port), elf});
  auto g = run_gdb("demand", port, elf,
                   "break demand_handler\n"
                   "continue\n"
                   "p/x $scause\n"                          // $1 store page fault
                   "p/x $stval\n"                           // $2 word_va(0)
                   "set $fault_pc = $sepc\n"
                   "delete\n"
                   "eval \"break *0x%x\", $fault_pc\n"
                   "continue\n"                              // the retried store
                   "stepi\n"
                   "p $pc != $fault_pc\n"                   // $3 stepped over it
                   "x/wx 0x40000000\n"                       // pattern(0)
                   "continue\n"                              // page 2's store
                   "stepi\n"                                 // faults, handled, retried
                   "p (unsigned int)$pc > (unsigned int)$fault_pc\n"  // $4 stepped over it
                   "x/wx 0x40002088\n"                       // pattern(2)
                   "p/x $scause\n"                          // $5
                   "p/x $stval\n"                           // $6 word_va(2)
                   "delete\n"
                   "set $root = ($satp & 0x3fffff) << 12\n"
                   "set $l1 = *(unsigned int *)($root + 4 * (0x40003000 >> 22))\n"
                   "set $pte = (($l1 >> 10) << 12) + 4 * ((0x40003000 >> 12) & 0x3ff)\n"
                   "p/x *(unsigned int *)$pte\n"            // $7 not mapped yet
                   "eval \"watch *(unsigned int *)0x%x\", $pte\n"
                   "continue\n"
                   "p/x *(unsigned int *)$pte & 0xff\n"     // $8 V R W A D
                   "delete\n"
                   "monitor walk 0x40003000\n"
                   "kill\n");
  EXPECT_EQ(sim.wait(60), kExitKilled) << sim.err();
  const std::string o = g.out + g.err;  // monitor output goes to stderr
  EXPECT_TRUE(has(o, "Breakpoint 1, demand_handler")) << o << g.err;
  EXPECT_TRUE(has(o, "$1 = 0xf\n")) << o;
  EXPECT_TRUE(has(o, "$2 = 0x40000000\n")) << o;
  EXPECT_TRUE(has(o, "$3 = 1\n")) << o;
  EXPECT_TRUE(has(o, "0x40000000:\t0xd0000000")) << o;
  EXPECT_TRUE(has(o, "$4 = 1\n")) << o;
  EXPECT_TRUE(has(o, "0x40002088:\t0xec6ef362")) << o;
  EXPECT_TRUE(has(o, "$5 = 0xf\n")) << o;
  EXPECT_TRUE(has(o, "$6 = 0x40002088\n")) << o;  // DEMAND_VA + 2 pages + (2*68)
  EXPECT_TRUE(has(o, "$7 = 0x0\n")) << o;
  EXPECT_TRUE(has(o, "Hardware watchpoint")) << o;
  EXPECT_TRUE(has(o, "Old value = 0")) << o;
  EXPECT_TRUE(has(o, "$8 = 0xc7\n")) << o;
  EXPECT_TRUE(has(o, "leaf (4 KiB page)")) << o;
  EXPECT_TRUE(port_free(port));
}

// Ctrl-C (0x03) stops a running target with SIGINT; after a detach the
// program runs to its end with its own exit status and output.
TEST(GdbTest, InterruptThenDetachRunsToTheEnd) {
  const unsigned port = free_port();
  // cpubound runs ~6.7 M cycles (seconds of host time): still running when
  // the 2 s ack window below ends (dram_stream, 0.8 M cycles, was not).
  const std::string elf = kFw + "/cpubound.elf";
  SimProcess sim("detach", {"--gdb=" + std::to_string(port), elf});
  RawClient c(port);
  ASSERT_TRUE(c.connected());
  EXPECT_TRUE(has(c.ask("qSupported:swbreak+"), "PacketSize=1000")) ;
  EXPECT_EQ(c.ask("?"), "S05");
  c.send_raw(RawClient::frame("c"));
  EXPECT_EQ(c.read_some(2000), "+");  // ack, no stop yet
  c.send_raw("\x03");
  const std::string stop = c.read_some(10000);
  c.send_raw("+");
  EXPECT_TRUE(has(stop, "$T02")) << stop;
  EXPECT_EQ(c.ask("g").size(), 33u * 8) << "x0..x31 and pc";
  EXPECT_EQ(c.ask("D"), "OK");
  EXPECT_EQ(sim.wait(120), 0) << sim.err();
  EXPECT_TRUE(has(sim.out(), "cpubound: checksum=")) << sim.out();
  EXPECT_TRUE(port_free(port));
}

// Malformed, oversized and wrong-checksum packets: NAK or an error reply,
// and the stub goes on serving; then `k` ends the simulator.
TEST(GdbTest, BadPacketsGetErrorsNotCrashes) {
  const unsigned port = free_port();
  SimProcess sim("bad", {"--gdb=" + std::to_string(port), kFw + "/hello.elf"});
  RawClient c(port);
  ASSERT_TRUE(c.connected());
  c.send_raw("$g#00");  // wrong checksum
  EXPECT_EQ(c.read_some(5000), "-");
  c.send_raw("$" + std::string(5000, 'm') + "#00");
  EXPECT_EQ(c.read_some(5000), "-");
  c.send_raw("$g#zz");  // checksum not hex
  EXPECT_EQ(c.read_some(5000), "-");
  EXPECT_EQ(c.ask("mzz,4"), "E01");
  EXPECT_EQ(c.ask("m0,4"), "E14") << "no memory at physical 0 in M mode";
  EXPECT_EQ(c.ask("m80000000,ffffffffffffffffff"), "E01");
  EXPECT_EQ(c.ask("M80000000,4:12"), "E01") << "length mismatch";
  EXPECT_EQ(c.ask("Z9,80000000,4"), "E01");
  EXPECT_EQ(c.ask("P20=123"), "E01");
  EXPECT_EQ(c.ask("p99999"), "E22");
  EXPECT_EQ(c.ask("vCont;x"), "E01");
  EXPECT_EQ(c.ask("qRcmd,7"), "E01");
  EXPECT_EQ(c.ask("qXfer:features:read:other.xml:0,10"), "E00");
  EXPECT_EQ(c.ask("vMustReplyEmpty"), "");
  // Still serving: the reset pc and a write/read round trip.
  char pc[16];
  const uint32_t entry = 0x80000000u;
  snprintf(pc, sizeof pc, "%02x%02x%02x%02x", entry & 0xff, entry >> 8 & 0xff,
           entry >> 16 & 0xff, entry >> 24);
  EXPECT_EQ(c.ask("p20"), pc);
  EXPECT_TRUE(has(c.ask("qXfer:features:read:target.xml:0,400"), "org.gnu.gdb.riscv.cpu"));
  // The stub's own single step (GDB steps RISC-V in software), with the
  // instruction trace on: one instruction retires, the pc moves on.
  const std::string trace_on = "7472616365206f6e";  // "trace on"
  EXPECT_EQ(c.ask("qRcmd," + trace_on).substr(0, 1), "O");
  c.read_some(500);  // the closing OK
  c.send_raw("+");
  EXPECT_EQ(c.ask("s"), "T05");
  EXPECT_NE(c.ask("p20"), pc);
  EXPECT_EQ(c.ask("?"), "T05");
  c.send_raw(RawClient::frame("k"));
  EXPECT_EQ(sim.wait(30), kExitKilled) << sim.err();
  EXPECT_TRUE(has(sim.err(), "trace: cycle ")) << sim.err();
  EXPECT_TRUE(has(sim.err(), " M pc 0x80000000 insn ")) << sim.err();
  EXPECT_TRUE(port_free(port));
}

// Memory through the L1 caches (firmware/apps/gdb_target.c): the variable
// stored just before the breakpoint sits dirty in the write-back D-cache
// (DRAM still holds 0) and GDB reads the stored value; the variable the
// program read before the stop (its line cached, clean) is written by GDB
// and the program, reading it from its cache, prints the new value.
TEST(GdbTest, MemoryCoherentWithTheCaches) {
  const unsigned port = free_port();
  const std::string elf = kFw + "/gdb_target.elf";
  SimProcess sim("coherent", {"--gdb=" + std::to_string(port), elf});
  auto g = run_gdb("coherent", port, elf,
                   "break gdb_stop_here\ncontinue\n"
                   "p/x gdb_stored\n"                // $1 0x5eed1234 + 0x11
                   "set var gdb_input = 0xc0ffee\n"
                   "p/x gdb_input\n"                 // $2
                   "x/2bx (char *)&gdb_input + 1\n"  // bytes of the written word
                   "continue\n");
  EXPECT_EQ(sim.wait(60), 0) << sim.err();
  const std::string o = g.out + g.err;
  EXPECT_TRUE(has(o, "Breakpoint 1, ")) << o;
  EXPECT_TRUE(has(o, "$1 = 0x5eed1245\n")) << o;
  EXPECT_TRUE(has(o, "$2 = 0xc0ffee\n")) << o;
  EXPECT_TRUE(has(o, ":\t0xff\t0xc0\n")) << o;
  EXPECT_TRUE(has(sim.out(), "gdb_target: input=0x00c0ffee")) << sim.out();
  EXPECT_TRUE(port_free(port));
}

// GDB attached with only `continue`: the same statistics as without it.
TEST(GdbTest, StatsUnchangedUnderContinue) {
  const std::string elf = kFw + "/dram_stream.elf";
  const std::string plain = tmp("plain.json"), gdb = tmp("gdb.json");
  auto r = run_child({kSim, "--quiet", "--stats=" + plain, elf}, 120);
  ASSERT_EQ(r.status, 0) << r.err;
  const unsigned port = free_port();
  SimProcess sim("stats", {"--quiet", "--stats=" + gdb, "--gdb=" + std::to_string(port), elf});
  auto g = run_gdb("stats", port, elf, "continue\n");
  EXPECT_EQ(sim.wait(120), 0) << sim.err();
  EXPECT_TRUE(has(g.out, "exited normally")) << g.out << g.err;
  const std::string a = read_file(plain), b = read_file(gdb);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_TRUE(port_free(port));
}

}  // namespace

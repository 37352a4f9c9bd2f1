#include "gdb_session.h"

#include <cstdio>
#include <cstring>

#include "gdb_packet.h"
#include "rv_defs.h"

namespace mmcosim::gdb {

using namespace rv;

namespace {
constexpr unsigned kNumGprs = 32;
constexpr unsigned kGRegs = kNumGprs + 1;  // the 'g' packet: x0..x31, pc
constexpr unsigned kRegHexDigits = 8;
constexpr unsigned kSigTrap = 5;
// Largest memory transfer in one reply: two hex digits a byte.
constexpr size_t kMaxMemBytes = kMaxPacket / 2;
const char kErrMalformed[] = "E01";
const char kErrFault[] = "E14";
const char kErrInvalid[] = "E22";
// Monitor output goes out in 'O' packets of at most this many bytes.
constexpr size_t kConsoleChunk = 512;

// ABI names of x0..x31 as GDB's org.gnu.gdb.riscv.cpu feature spells them.
const char* const kGprNames[kNumGprs] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

struct CsrName {
  unsigned csr;
  const char* name;
};
const CsrName kCsrNames[] = {
    {kCsrSstatus, "sstatus"},       {kCsrSie, "sie"},
    {kCsrStvec, "stvec"},           {kCsrScounteren, "scounteren"},
    {kCsrSenvcfg, "senvcfg"},       {kCsrSscratch, "sscratch"},
    {kCsrSepc, "sepc"},             {kCsrScause, "scause"},
    {kCsrStval, "stval"},           {kCsrSip, "sip"},
    {kCsrSatp, "satp"},             {kCsrMstatus, "mstatus"},
    {kCsrMisa, "misa"},             {kCsrMedeleg, "medeleg"},
    {kCsrMideleg, "mideleg"},       {kCsrMie, "mie"},
    {kCsrMtvec, "mtvec"},           {kCsrMcounteren, "mcounteren"},
    {kCsrMenvcfg, "menvcfg"},       {kCsrMstatush, "mstatush"},
    {kCsrMenvcfgh, "menvcfgh"},     {kCsrMcountinhibit, "mcountinhibit"},
    {kCsrMscratch, "mscratch"},     {kCsrMepc, "mepc"},
    {kCsrMcause, "mcause"},         {kCsrMtval, "mtval"},
    {kCsrMip, "mip"},               {kCsrMcycle, "mcycle"},
    {kCsrMinstret, "minstret"},     {kCsrMcycleh, "mcycleh"},
    {kCsrMinstreth, "minstreth"},   {kCsrCycle, "cycle"},
    {kCsrTime, "time"},             {kCsrInstret, "instret"},
    {kCsrCycleh, "cycleh"},         {kCsrTimeh, "timeh"},
    {kCsrInstreth, "instreth"},     {kCsrMvendorid, "mvendorid"},
    {kCsrMarchid, "marchid"},       {kCsrMimpid, "mimpid"},
    {kCsrMhartid, "mhartid"},       {kCsrMconfigptr, "mconfigptr"},
};

bool in(unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; }

// "a,b" -> two hex numbers.
bool split_pair(const std::string& s, char sep, uint64_t* a, uint64_t* b) {
  const size_t p = s.find(sep);
  return p != std::string::npos && parse_hex(s.substr(0, p), a) &&
         parse_hex(s.substr(p + 1), b);
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.compare(0, strlen(prefix), prefix) == 0;
}

}  // namespace

std::string csr_name(unsigned csr) {
  for (const CsrName& c : kCsrNames)
    if (c.csr == csr) return c.name;
  char buf[32];
  const unsigned n = csr & kCounterIndexMask;
  if (in(csr, kCsrMhpmevent3, kCsrMhpmevent31)) {
    snprintf(buf, sizeof buf, "mhpmevent%u", n);
  } else if (in(csr, kCsrMhpmcounter3, kCsrMhpmcounter31)) {
    snprintf(buf, sizeof buf, "mhpmcounter%u", n);
  } else if (in(csr, kCsrMhpmcounter3h, kCsrMhpmcounter31h)) {
    snprintf(buf, sizeof buf, "mhpmcounter%uh", n);
  } else if (in(csr, kCsrHpmcounter3, kCsrHpmcounter31)) {
    snprintf(buf, sizeof buf, "hpmcounter%u", n);
  } else if (in(csr, kCsrHpmcounter3h, kCsrHpmcounter31h)) {
    snprintf(buf, sizeof buf, "hpmcounter%uh", n);
  } else if (in(csr, kCsrPmpcfg0, kCsrPmpcfg15)) {
    snprintf(buf, sizeof buf, "pmpcfg%u", csr - kCsrPmpcfg0);
  } else if (in(csr, kCsrPmpaddr0, kCsrPmpaddr63)) {
    snprintf(buf, sizeof buf, "pmpaddr%u", csr - kCsrPmpaddr0);
  } else {
    snprintf(buf, sizeof buf, "csr0x%03x", csr);
  }
  return buf;
}

Session::Session(Target* target, std::vector<unsigned> csrs) : target_(target) {
  std::string x =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target version=\"1.0\">\n<architecture>riscv:rv32</architecture>\n"
      "<feature name=\"org.gnu.gdb.riscv.cpu\">\n";
  for (unsigned i = 0; i < kNumGprs; ++i) {
    const char* type = i == 1 ? "code_ptr" : (i == 2 || i == 8) ? "data_ptr" : "int";
    x += "  <reg name=\"" + std::string(kGprNames[i]) +
         "\" bitsize=\"32\" type=\"" + type + "\" regnum=\"" + std::to_string(i) +
         "\"/>\n";
  }
  x += "  <reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"32\"/>\n"
       "</feature>\n<feature name=\"org.gnu.gdb.riscv.csr\">\n";
  for (unsigned c : csrs)
    x += "  <reg name=\"" + csr_name(c) +
         "\" bitsize=\"32\" type=\"int\" group=\"csr\" regnum=\"" +
         std::to_string(kRegFirstCsr + c) + "\"/>\n";
  x += "</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
       "  <reg name=\"priv\" bitsize=\"32\" type=\"int\" group=\"general\" regnum=\"" +
       std::to_string(kRegPriv) + "\"/>\n</feature>\n</target>\n";
  xml_ = x;
}

std::string Session::stop_reply(const StopInfo& s) {
  char buf[16];
  switch (s.kind) {
    case StopInfo::Kind::kExited:
      snprintf(buf, sizeof buf, "W%02x", s.value & 0xff);
      last_stop_ = buf;
      break;
    case StopInfo::Kind::kTerminated:
      snprintf(buf, sizeof buf, "X%02x", s.value & 0xff);
      last_stop_ = buf;
      break;
    case StopInfo::Kind::kSignal:
      snprintf(buf, sizeof buf, "T%02x", s.value & 0xff);
      last_stop_ = buf + s.reason;
      break;
  }
  return last_stop_;
}

std::vector<std::string> Session::handle(const std::string& p, Action* action) {
  *action = Action::kNone;
  if (p.empty()) return {""};
  const std::string args = p.substr(1);
  switch (p[0]) {
    case '?':
      return {last_stop_};
    case 'g':
      return {read_regs()};
    case 'G':
      return {write_regs(args)};
    case 'p':
      return {read_reg(args)};
    case 'P':
      return {write_reg(args)};
    case 'm':
      return {read_mem(args)};
    case 'M':
      return {write_mem(args, false)};
    case 'X':
      return {write_mem(args, true)};
    case 'Z':
    case 'z':
      return {point(p)};
    case 'c':
    case 's':
    case 'C':
    case 'S': {
      bool ok = false;
      Action a = resume_action(p, &ok);
      if (!ok) return {kErrMalformed};
      *action = a;
      return {};
    }
    case 'D':
      *action = Action::kDetach;
      return {"OK"};
    case 'k':
      *action = Action::kKill;
      return {};
    case 'H':
      return {"OK"};
    case 'T':
      return {"OK"};
    default:
      break;
  }
  if (p == "vCont?") return {"vCont;c;C;s;S"};
  if (starts_with(p, "vCont;")) {
    bool ok = false;
    Action a = resume_action(p, &ok);
    if (!ok) return {kErrMalformed};
    *action = a;
    return {};
  }
  if (starts_with(p, "qSupported")) {
    char buf[128];
    snprintf(buf, sizeof buf,
             "PacketSize=%zx;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+",
             kMaxPacket);
    return {buf};
  }
  if (starts_with(p, "qXfer:features:read:")) return {xfer(p.substr(20))};
  if (starts_with(p, "qRcmd,")) return monitor(p.substr(6));
  if (p == "qAttached") return {"1"};
  if (p == "qC") return {"QC1"};
  if (p == "qfThreadInfo") return {"m1"};
  if (p == "qsThreadInfo") return {"l"};
  return {""};
}

// c [addr], s [addr], C sig[;addr], S sig[;addr], vCont;ACTION[:thread]...
// A resume address sets the pc first; signals are not delivered (the hart
// has none to deliver).
Session::Action Session::resume_action(const std::string& p, bool* ok) {
  *ok = true;
  if (starts_with(p, "vCont;")) {
    // The first action applies to our only thread.
    const char a = p.size() > 6 ? p[6] : 0;
    if (a == 'c' || a == 'C') return Action::kContinue;
    if (a == 's' || a == 'S') return Action::kStep;
    *ok = false;
    return Action::kNone;
  }
  std::string addr = p.substr(1);
  if (p[0] == 'C' || p[0] == 'S') {
    const size_t semi = addr.find(';');
    uint64_t sig = 0;
    if (!parse_hex(addr.substr(0, semi), &sig)) {
      *ok = false;
      return Action::kNone;
    }
    addr = semi == std::string::npos ? "" : addr.substr(semi + 1);
  }
  if (!addr.empty()) {
    uint64_t a = 0;
    if (!parse_hex(addr, &a) || a > UINT32_MAX) {
      *ok = false;
      return Action::kNone;
    }
    target_->set_reg(kRegPc, uint32_t(a));
  }
  return (p[0] == 'c' || p[0] == 'C') ? Action::kContinue : Action::kStep;
}

std::string Session::read_regs() {
  std::string out;
  for (unsigned i = 0; i < kGRegs; ++i) out += reg_hex(target_->reg(i));
  return out;
}

std::string Session::write_regs(const std::string& hex) {
  if (hex.size() != kGRegs * kRegHexDigits) return kErrMalformed;
  uint32_t v[kGRegs];
  for (unsigned i = 0; i < kGRegs; ++i)
    if (!parse_reg_hex(hex.substr(i * kRegHexDigits, kRegHexDigits), &v[i]))
      return kErrMalformed;
  for (unsigned i = 0; i < kGRegs; ++i) target_->set_reg(i, v[i]);
  return "OK";
}

std::string Session::read_reg(const std::string& args) {
  uint64_t n = 0;
  if (!parse_hex(args, &n)) return kErrMalformed;
  if (n < kGRegs) return reg_hex(target_->reg(unsigned(n)));
  if (n == kRegPriv) return reg_hex(target_->priv());
  if (n >= kRegFirstCsr && n < kRegFirstCsr + kNumCsrs) {
    uint32_t v = 0;
    if (target_->csr_read(unsigned(n - kRegFirstCsr), &v)) return reg_hex(v);
  }
  return kErrInvalid;
}

std::string Session::write_reg(const std::string& args) {
  const size_t eq = args.find('=');
  uint64_t n = 0;
  uint32_t v = 0;
  if (eq == std::string::npos || !parse_hex(args.substr(0, eq), &n) ||
      !parse_reg_hex(args.substr(eq + 1), &v))
    return kErrMalformed;
  if (n < kGRegs) {
    target_->set_reg(unsigned(n), v);
    return "OK";
  }
  if (n >= kRegFirstCsr && n < kRegFirstCsr + kNumCsrs &&
      target_->csr_write(unsigned(n - kRegFirstCsr), v))
    return "OK";
  return kErrInvalid;
}

std::string Session::read_mem(const std::string& args) {
  uint64_t addr = 0, len = 0;
  if (!split_pair(args, ',', &addr, &len) || addr > UINT32_MAX) return kErrMalformed;
  if (len == 0) return "";
  if (len > kMaxMemBytes) len = kMaxMemBytes;  // a short read is allowed
  if (addr + len > uint64_t(UINT32_MAX) + 1) len = uint64_t(UINT32_MAX) + 1 - addr;
  std::vector<uint8_t> buf(len);
  const size_t got = target_->read_mem(uint32_t(addr), buf.data(), buf.size());
  if (got == 0) return kErrFault;
  return to_hex(buf.data(), got);
}

// M addr,len:HEX  or  X addr,len:BINARY
std::string Session::write_mem(const std::string& args, bool binary) {
  const size_t colon = args.find(':');
  uint64_t addr = 0, len = 0;
  if (colon == std::string::npos ||
      !split_pair(args.substr(0, colon), ',', &addr, &len) || addr > UINT32_MAX ||
      len > kMaxPacket || addr + len > uint64_t(UINT32_MAX) + 1)
    return kErrMalformed;
  std::string data = args.substr(colon + 1);
  if (!binary && !from_hex(data, &data)) return kErrMalformed;
  if (data.size() != len) return kErrMalformed;
  if (len == 0) return "OK";
  const size_t put = target_->write_mem(
      uint32_t(addr), reinterpret_cast<const uint8_t*>(data.data()), data.size());
  return put == len ? "OK" : kErrFault;
}

// Z type,addr,kind / z type,addr,kind
std::string Session::point(const std::string& p) {
  const bool insert = p[0] == 'Z';
  const std::string args = p.substr(1);
  const size_t c1 = args.find(',');
  uint64_t type = 0, addr = 0, kind = 0;
  if (c1 == std::string::npos || !parse_hex(args.substr(0, c1), &type))
    return kErrMalformed;
  std::string rest = args.substr(c1 + 1);
  const size_t semi = rest.find(';');  // conditions: not supported, ignored
  if (semi != std::string::npos) rest = rest.substr(0, semi);
  if (!split_pair(rest, ',', &addr, &kind) || type > 4 || addr > UINT32_MAX ||
      kind > UINT32_MAX)
    return kErrMalformed;
  const Target::PointResult r =
      insert ? target_->insert_point(unsigned(type), uint32_t(addr), uint32_t(kind))
             : target_->remove_point(unsigned(type), uint32_t(addr), uint32_t(kind));
  switch (r) {
    case Target::PointResult::kOk:
      return "OK";
    case Target::PointResult::kUnsupported:
      return "";
    case Target::PointResult::kError:
      break;
  }
  return kErrInvalid;
}

// target.xml:OFFSET,LENGTH
std::string Session::xfer(const std::string& args) {
  const char annex[] = "target.xml:";
  if (!starts_with(args, annex)) return "E00";
  uint64_t off = 0, len = 0;
  if (!split_pair(args.substr(strlen(annex)), ',', &off, &len)) return kErrMalformed;
  if (off >= xml_.size()) return "l";
  if (len > kMaxMemBytes) len = kMaxMemBytes;
  const std::string part = xml_.substr(off, len);
  return (off + part.size() >= xml_.size() ? "l" : "m") + part;
}

std::vector<std::string> Session::monitor(const std::string& hex) {
  std::string line;
  if (!from_hex(hex, &line)) return {kErrMalformed};
  const std::string out = target_->monitor(line);
  std::vector<std::string> replies;
  for (size_t i = 0; i < out.size(); i += kConsoleChunk)
    replies.push_back("O" + to_hex(out.substr(i, kConsoleChunk)));
  replies.push_back("OK");
  return replies;
}

}  // namespace mmcosim::gdb

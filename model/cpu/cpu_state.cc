// The architectural state of the core as bytes, for checkpoints
// (docs/simulator.md).  visit_state() names every field once, for saving
// and loading alike; a new architectural register (CSR state) must be added
// there, and kStateVersion bumped, or checkpoints lose it.
#include <cstring>
#include <string>

#include "cpu.h"

namespace mmcosim {

namespace {
// 2: the Sdtrig triggers (tdata1/tdata2 of each, tselect, tcontrol,
// mcontext) follow the counters.
constexpr uint32_t kStateVersion = 2;

struct Saver {
  std::vector<uint8_t>* out;
  template <class T>
  void operator()(T& v) {
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    out->insert(out->end(), p, p + sizeof v);
  }
};

struct Loader {
  const uint8_t* p;
  size_t left;
  bool ok = true;
  template <class T>
  void operator()(T& v) {
    if (left < sizeof v) {
      ok = false;
      return;
    }
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    left -= sizeof v;
  }
};
}  // namespace

template <class Visitor>
void Cpu::visit_state(Visitor& v) {
  uint32_t version = kStateVersion;
  v(version);
  if (version != kStateVersion) {
    v.ok_version(false);
    return;
  }
  v(regs_);
  v(pc_);
  v(priv_);
  v(mstatus_);
  v(medeleg_);
  v(mideleg_);
  v(mie_);
  v(mip_sw_);
  v(mtvec_);
  v(stvec_);
  v(mscratch_);
  v(sscratch_);
  v(mepc_);
  v(sepc_);
  v(mcause_);
  v(scause_);
  v(mtval_);
  v(stval_);
  v(mcounteren_);
  v(scounteren_);
  v(mcountinhibit_);
  v(menvcfg_);
  v(menvcfgh_);
  v(senvcfg_);
  v(satp_);
  v(mcycle_);
  v(minstret_);
  v(hpm_event_);
  v(hpm_offset_);
  v(hpm_frozen_);
  v(edge_);
  v(instret_);
  triggers_.visit_state(v);
}

namespace {
struct SaveVisitor : Saver {
  void ok_version(bool) {}
};
struct LoadVisitor : Loader {
  void ok_version(bool good) { ok = ok && good; }
};
}  // namespace

void Cpu::save_state(std::vector<uint8_t>* out) const {
  SaveVisitor v;
  v.out = out;
  const_cast<Cpu*>(this)->visit_state(v);
}

bool Cpu::load_state(const uint8_t* data, size_t size, std::string* why) {
  // The layout is fixed: a state of another size or version is refused
  // before anything changes.
  auto refuse = [why](const std::string& reason) {
    if (why) *why = reason;
    return false;
  };
  uint32_t version = 0;
  if (size < sizeof version) return refuse("CPU state truncated");
  std::memcpy(&version, data, sizeof version);
  if (version != kStateVersion)
    return refuse("CPU state version " + std::to_string(version) +
                  ", this simulator's is version " + std::to_string(kStateVersion));
  std::vector<uint8_t> mine;
  save_state(&mine);
  if (size != mine.size())
    return refuse("CPU state of " + std::to_string(size) + " bytes, this model's has " +
                  std::to_string(mine.size()));
  LoadVisitor v;
  v.p = data;
  v.left = size;
  visit_state(v);
  if (!v.ok) return refuse("CPU state unreadable");
  triggers_.state_loaded();
  reservation_valid_ = false;
  minstret_written_ = false;
  fpage_host_ = nullptr;
  fpage_va_ = ~0u;
  sync_sideband(/*force=*/true);  // the memory path learns the restored context
  return true;
}

}  // namespace mmcosim

#include "simctl.h"

#include "mmcosim_cfg.h"

namespace mmcosim {

bool Simctl::read(uint32_t offset, uint8_t, uint32_t* data) {
  switch (offset) {
    case MMCOSIM_SIMCTL_REG_COUNTER_SEL:
      *data = sel_;
      return true;
    case MMCOSIM_SIMCTL_REG_COUNTER_LO: {
      uint64_t v = stats_->read_event(sel_);
      latched_hi_ = uint32_t(v >> 32);
      *data = uint32_t(v);
      return true;
    }
    case MMCOSIM_SIMCTL_REG_COUNTER_HI:
      *data = latched_hi_;
      return true;
    case MMCOSIM_SIMCTL_REG_EXIT:
    case MMCOSIM_SIMCTL_REG_REGION_BEGIN:
    case MMCOSIM_SIMCTL_REG_REGION_END:
    case MMCOSIM_SIMCTL_REG_TRACE:
    case MMCOSIM_SIMCTL_REG_SNAPSHOT:
    case MMCOSIM_SIMCTL_REG_PUTCHAR:
    case MMCOSIM_SIMCTL_REG_MARKER:
      *data = 0;  // write-only registers read as zero
      return true;
    default:
      return false;
  }
}

bool Simctl::write(uint32_t offset, uint8_t sel, uint32_t data) {
  switch (offset) {
    case MMCOSIM_SIMCTL_REG_EXIT: listener_->sim_exit(data); return true;
    case MMCOSIM_SIMCTL_REG_REGION_BEGIN: listener_->region_begin(data); return true;
    case MMCOSIM_SIMCTL_REG_REGION_END: listener_->region_end(data); return true;
    case MMCOSIM_SIMCTL_REG_TRACE: listener_->trace_enable(data & 1); return true;
    case MMCOSIM_SIMCTL_REG_SNAPSHOT: listener_->snapshot(data); return true;
    case MMCOSIM_SIMCTL_REG_COUNTER_SEL: sel_ = data; return true;
    case MMCOSIM_SIMCTL_REG_PUTCHAR:
      if (sel & 1) listener_->putchar(static_cast<char>(data & 0xff));
      return true;
    case MMCOSIM_SIMCTL_REG_MARKER: listener_->marker(data); return true;
    case MMCOSIM_SIMCTL_REG_COUNTER_LO:
    case MMCOSIM_SIMCTL_REG_COUNTER_HI:
      return true;  // read-only: writes ignored
    default:
      return false;
  }
}

void Simctl::save(std::vector<uint8_t>* out) const {
  save_fields(out, sel_, latched_hi_);
}

bool Simctl::load(const uint8_t** p, size_t* left) {
  return load_fields(p, left, sel_, latched_hi_);
}

}  // namespace mmcosim

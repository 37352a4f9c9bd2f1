#include "stats.h"

#include <cstring>

namespace mmcosim {

void Stats::refresh() {
  for (auto& s : sources_) s(*this);
}

uint64_t Stats::read_event(unsigned event) {
  if (event == 0 || event > kNum) return 0;
  refresh();
  return v_[event - 1];
}

bool Stats::read_name(const std::string& name, uint64_t* value) {
  for (unsigned i = 0; i < kNum; ++i) {
    if (name == kStatNames[i]) {
      refresh();
      *value = v_[i];
      return true;
    }
  }
  return false;
}

std::vector<uint64_t> Stats::snapshot() {
  refresh();
  return std::vector<uint64_t>(v_, v_ + kNum);
}

}  // namespace mmcosim

// Statistics: one 64-bit counter per name in config/stats.toml.  Producers
// increment stats[Stat::kX] directly; readers (hpm counters, simctl, the C
// API, --stats JSON) go through read(), which first lets registered sources
// (such as counters kept inside the RTL) refresh their values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config_table.h"

namespace mmcosim {

class Stats {
 public:
  static constexpr unsigned kNum = static_cast<unsigned>(Stat::kCount);

  uint64_t& operator[](Stat s) { return v_[static_cast<unsigned>(s)]; }
  uint64_t operator[](Stat s) const { return v_[static_cast<unsigned>(s)]; }

  // Value by hpm event number (index + 1); 0 for 0 or out of range.
  uint64_t read_event(unsigned event);
  // Value by dotted name; false when the name is unknown.
  bool read_name(const std::string& name, uint64_t* value);
  // All values after refreshing the sources, in config/stats.toml order.
  std::vector<uint64_t> snapshot();

  void add_source(std::function<void(Stats&)> refresh) {
    sources_.push_back(std::move(refresh));
  }
  void refresh();

  static const char* name(unsigned index) { return kStatNames[index]; }
  static const char* description(unsigned index) {
    return kStatDescriptions[index];
  }

 private:
  uint64_t v_[kNum] = {};
  std::vector<std::function<void(Stats&)>> sources_;
};

}  // namespace mmcosim

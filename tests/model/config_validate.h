// expect_config_validation(): writes a config that inherits the default
// configuration plus `toml`, runs `config/gen.py --validate` on it as a
// child, and expects acceptance (key == nullptr) or a one-line refusal with
// exit status 2 naming `key` (and saying `why`, when given).  Shared by the
// DRAM and cache key tests.
#pragma once

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "run_child.h"

namespace mmcosim_test {

inline void expect_config_validation(const std::string& file, const std::string& toml, const char* key,
                                     const char* why = nullptr) {
  const std::string path = std::string(MMCOSIM_TMP_DIR) + "/" + file + ".toml";
  write_file(path, std::string("inherit = \"default\"\n") + toml);
  auto r = run_child({MMCOSIM_PYTHON, MMCOSIM_GEN_PY, "--validate", path}, 60);
  if (!key) {
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return;
  }
  EXPECT_EQ(r.status, 2) << "accepted: " << toml;
  EXPECT_NE(r.err.find(std::string("'") + key), std::string::npos)
      << "error does not name " << key << ": " << r.err;
  if (why) {
    EXPECT_NE(r.err.find(why), std::string::npos) << "error does not say why (" << why << "): " << r.err;
  }
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
}

}  // namespace mmcosim_test

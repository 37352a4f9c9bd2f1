// RVC (compressed instruction) expansion for RV32C without F/D.
#pragma once

#include <cstdint>

namespace mmcosim {

// Expands the 16-bit compressed instruction `c` (c[1:0] != 0b11) into its
// 32-bit RV32I equivalent.  Returns 0 (an illegal 32-bit encoding) for
// reserved, RV64-only, F/D and custom/NSE encodings, including the all-zero
// halfword.  HINT encodings (e.g. c.addi rd=x0, c.mv rd=x0) expand to their
// architectural no-op form and are legal.
uint32_t rvc_expand(uint16_t c);

}  // namespace mmcosim

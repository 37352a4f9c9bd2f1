#include "htif.h"

namespace mmcosim {

namespace {
constexpr unsigned kMagicWords = 4;  // which, arg0, arg1, arg2
constexpr uint64_t kMaxWrite = 1 << 20;  // refuse absurd lengths
}  // namespace

bool Htif::read64(uint32_t paddr, uint64_t* v) {
  uint32_t lo, hi;
  if (!mem_->peek32(paddr, &lo) || !mem_->peek32(paddr + 4, &hi)) return false;
  *v = uint64_t(hi) << 32 | lo;
  return true;
}

int64_t Htif::sys_write(uint64_t fd, uint64_t buf, uint64_t len) {
  if (fd != 1 && fd != 2) return -kEbadf;
  if (len > kMaxWrite || buf + len > (uint64_t{1} << 32)) return -kEfault;
  std::string s;
  s.reserve(len);
  for (uint64_t i = 0; i < len; ++i) {
    uint32_t a = uint32_t(buf + i), w;
    if (!mem_->peek32(a & ~3u, &w)) return -kEfault;
    s.push_back(static_cast<char>(w >> (8 * (a & 3))));
  }
  out_(s, static_cast<int>(fd));
  return static_cast<int64_t>(len);
}

void Htif::on_tohost(uint32_t value) {
  if (value == 0) return;
  if (value & 1) {
    exit_(value >> 1);
    return;
  }
  uint64_t args[kMagicWords];
  int64_t ret = -kEfault;
  bool ok = true;
  for (unsigned i = 0; i < kMagicWords && ok; ++i)
    ok = read64(value + 8 * i, &args[i]);
  if (ok) ret = args[0] == kSysWrite ? sys_write(args[1], args[2], args[3])
                                     : -kEnosys;
  if (ok) {
    mem_->poke32(value, uint32_t(uint64_t(ret)));
    mem_->poke32(value + 4, uint32_t(uint64_t(ret) >> 32));
  }
  mem_->poke32(tohost_, 0);
  mem_->poke32(tohost_ + 4, 0);
  if (fromhost_) {
    mem_->poke32(fromhost_, 1);
    mem_->poke32(fromhost_ + 4, 0);
  }
}

}  // namespace mmcosim

// HTIF, the host-target interface of Spike and the riscv-tests: the program
// writes a 64-bit `tohost` word (ELF symbol); the memory subsystem snoops the
// write of its low 32-bit half and hands the value here.
//
//   value & 1 == 1   exit with status value >> 1 (0 = pass)
//   value & 1 == 0   value is the address of uint64_t magic_mem[8] =
//                    {syscall number, arg0, arg1, arg2, ...}; the syscall is
//                    proxied, magic_mem[0] gets the result, fromhost gets 1
//                    and tohost is cleared.  Only SYS_write (64) to fd 1/2
//                    is proxied; any other number returns -ENOSYS.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace mmcosim {

// Physical-memory backdoor (between clock edges, no timing).
class BackdoorIf {
 public:
  virtual ~BackdoorIf() = default;
  // false when the address is outside memory.
  virtual bool peek32(uint32_t paddr, uint32_t* value) = 0;
  virtual bool poke32(uint32_t paddr, uint32_t value) = 0;
};

class Htif {
 public:
  static constexpr uint64_t kSysWrite = 64;
  static constexpr int64_t kEnosys = 38;
  static constexpr int64_t kEfault = 14;
  static constexpr int64_t kEbadf = 9;

  Htif(BackdoorIf* mem, uint32_t tohost, uint32_t fromhost,
       std::function<void(uint32_t)> exit, std::function<void(const std::string&, int fd)> out)
      : mem_(mem), tohost_(tohost), fromhost_(fromhost), exit_(std::move(exit)),
        out_(std::move(out)) {}

  // The program wrote `value` to the low half of tohost.
  void on_tohost(uint32_t value);

 private:
  bool read64(uint32_t paddr, uint64_t* v);
  int64_t sys_write(uint64_t fd, uint64_t buf, uint64_t len);

  BackdoorIf* mem_;
  uint32_t tohost_, fromhost_;
  std::function<void(uint32_t)> exit_;
  std::function<void(const std::string&, int)> out_;
};

}  // namespace mmcosim

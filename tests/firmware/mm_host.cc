// mm_host.cc -- printk and panic of firmware/mm/printk.h for host tests
// (see mm_host.h).
#include "mm_host.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

extern "C" {
#include "printk.h"
}

namespace mm_host {
std::string output;
std::string panic_message;
bool panic_armed = false;
std::jmp_buf panic_jump;
}  // namespace mm_host

namespace {
// Formats into a std::string.
std::string vformat(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, ap2);
  va_end(ap2);
  std::string s(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(&s[0], s.size() + 1, fmt, ap);
  return s;
}
}  // namespace

extern "C" int printk(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string s = vformat(fmt, ap);
  va_end(ap);
  mm_host::output += s;
  return static_cast<int>(s.size());
}

extern "C" void panic(const char *fmt, ...) {
  {
    va_list ap;
    va_start(ap, fmt);
    mm_host::panic_message = vformat(fmt, ap);
    va_end(ap);
  }
  if (mm_host::panic_armed) std::longjmp(mm_host::panic_jump, 1);
  std::fprintf(stderr, "panic: %s\n", mm_host::panic_message.c_str());
  std::abort();
}

// mm_host.h -- host stand-ins for the firmware kernel's printk and panic
// (firmware/mm/printk.h), for the GoogleTest suites of firmware/mm.
//
// printk appends to mm_host::output (tests read and clear it).  panic
// formats its message into mm_host::panic_message and, when a test armed
// it with EXPECT_MM_PANIC, longjmps back to that test; otherwise the test
// program aborts with the message.  Only C frames (firmware/mm) and the
// shim lie between setjmp and longjmp.
#ifndef TESTS_FIRMWARE_MM_HOST_H
#define TESTS_FIRMWARE_MM_HOST_H

#include <csetjmp>
#include <string>

namespace mm_host {
extern std::string output;         // everything printk printed
extern std::string panic_message;  // the last panic's message
extern bool panic_armed;           // panic longjmps to panic_jump when set
extern std::jmp_buf panic_jump;
}  // namespace mm_host

// Runs `stmt`, expects it to panic with a message containing `substr`.
#define EXPECT_MM_PANIC(stmt, substr)                                     \
  do {                                                                    \
    mm_host::panic_message.clear();                                       \
    mm_host::panic_armed = true;                                          \
    if (setjmp(mm_host::panic_jump) == 0) {                               \
      stmt;                                                               \
      mm_host::panic_armed = false;                                       \
      ADD_FAILURE() << "no panic from: " #stmt;                           \
    } else {                                                              \
      mm_host::panic_armed = false;                                       \
      EXPECT_NE(mm_host::panic_message.find(substr), std::string::npos)   \
          << "panic message: " << mm_host::panic_message;                 \
    }                                                                     \
  } while (0)

#endif  // TESTS_FIRMWARE_MM_HOST_H

// GDB remote serial protocol, packet layer: framing, checksums, escapes and
// hex.  No sockets and no simulator here, so that the parser can be fuzzed
// on its own (tests/fuzz/gdb_fuzz.cc).
//
//   byte stream from GDB                      events
//   '+' / '-'                                 ack / nak of our last packet
//   0x03 outside a packet                     interrupt (Ctrl-C)
//   '$' payload '#' hh                        packet (checksum hh = sum of
//                                             payload bytes mod 256, as sent,
//                                             escapes included)
//   anything else between packets             ignored (GDB's protocol does so)
//
// A payload is unescaped ('}' x -> x ^ 0x20) before it is returned.  A
// packet longer than kMaxPacket, with a bad checksum or a dangling escape
// is answered with '-' (NAK), as the protocol asks of a corrupted packet;
// the reader then looks for the next '$'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mmcosim::gdb {

// Largest payload we accept and announce in qSupported (PacketSize, hex).
constexpr size_t kMaxPacket = 4096;

class PacketReader {
 public:
  enum class Event {
    kNone,       // need more bytes
    kPacket,     // a complete, valid packet: payload()
    kBadPacket,  // bad checksum, too long or malformed: send '-'
    kInterrupt,  // 0x03 between packets
    kAck,        // '+'
    kNak,        // '-'
  };
  // Consumes one byte; returns what it completed.
  Event feed(uint8_t byte);
  // The unescaped payload of the last kPacket (valid until the next feed).
  const std::string& payload() const { return payload_; }
  // Why the last kBadPacket was bad (for the log).
  const char* error() const { return error_; }

 private:
  enum class State { kIdle, kBody, kEscape, kSum1, kSum2 };
  Event bad(const char* why);

  State state_ = State::kIdle;
  std::string raw_, payload_;
  uint8_t sum_ = 0, got_ = 0;
  bool overflow_ = false;
  const char* error_ = "";
};

// "$payload#hh" with '#', '$', '}' and '*' escaped.
std::string encode_packet(const std::string& payload);

// Hex helpers.  parse_hex reads all of `s` (1..16 digits) into *v.
bool parse_hex(const std::string& s, uint64_t* v);
std::string to_hex(const uint8_t* data, size_t n);
std::string to_hex(const std::string& s);
// Decodes an even-length hex string into bytes; false on a bad digit.
bool from_hex(const std::string& s, std::string* out);
// A 32-bit register in target (little-endian) byte order: 8 hex digits.
std::string reg_hex(uint32_t v);
bool parse_reg_hex(const std::string& s, uint32_t* v);

}  // namespace mmcosim::gdb

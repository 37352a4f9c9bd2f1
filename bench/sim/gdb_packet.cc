#include "gdb_packet.h"

namespace mmcosim::gdb {

namespace {
constexpr uint8_t kStart = '$', kEnd = '#', kEscape = '}', kInterruptByte = 0x03;
constexpr uint8_t kEscapeXor = 0x20;
constexpr size_t kMaxHexDigits = 16;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
const char kDigits[] = "0123456789abcdef";
}  // namespace

PacketReader::Event PacketReader::bad(const char* why) {
  error_ = why;
  state_ = State::kIdle;
  return Event::kBadPacket;
}

PacketReader::Event PacketReader::feed(uint8_t byte) {
  switch (state_) {
    case State::kIdle:
      if (byte == kStart) {
        state_ = State::kBody;
        payload_.clear();
        sum_ = 0;
        overflow_ = false;
      } else if (byte == kInterruptByte) {
        return Event::kInterrupt;
      } else if (byte == '+') {
        return Event::kAck;
      } else if (byte == '-') {
        return Event::kNak;
      }
      return Event::kNone;
    case State::kBody:
    case State::kEscape:
      if (byte == kEnd && state_ == State::kBody) {
        state_ = State::kSum1;
        return Event::kNone;
      }
      if (byte == kEnd) return bad("packet ends inside an escape");
      if (byte == kStart) {  // a new packet: the old one was cut short
        payload_.clear();
        sum_ = 0;
        overflow_ = false;
        state_ = State::kBody;
        return Event::kNone;
      }
      sum_ = uint8_t(sum_ + byte);
      if (state_ == State::kBody && byte == kEscape) {
        state_ = State::kEscape;
        return Event::kNone;
      }
      if (payload_.size() >= kMaxPacket) {
        overflow_ = true;  // keep counting the checksum, drop the bytes
      } else {
        payload_.push_back(char(state_ == State::kEscape ? byte ^ kEscapeXor : byte));
      }
      state_ = State::kBody;
      return Event::kNone;
    case State::kSum1: {
      const int v = hex_value(char(byte));
      if (v < 0) return bad("checksum is not hex");
      got_ = uint8_t(v << 4);
      state_ = State::kSum2;
      return Event::kNone;
    }
    case State::kSum2: {
      const int v = hex_value(char(byte));
      if (v < 0) return bad("checksum is not hex");
      got_ = uint8_t(got_ | v);
      state_ = State::kIdle;
      if (got_ != sum_) return bad("wrong checksum");
      if (overflow_) return bad("packet longer than PacketSize");
      return Event::kPacket;
    }
  }
  return Event::kNone;
}

std::string encode_packet(const std::string& payload) {
  std::string out = "$";
  uint8_t sum = 0;
  for (char c : payload) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      out.push_back('}');
      sum = uint8_t(sum + '}');
      c = char(c ^ kEscapeXor);
    }
    out.push_back(c);
    sum = uint8_t(sum + uint8_t(c));
  }
  out.push_back('#');
  out.push_back(kDigits[sum >> 4]);
  out.push_back(kDigits[sum & 0xf]);
  return out;
}

bool parse_hex(const std::string& s, uint64_t* v) {
  if (s.empty() || s.size() > kMaxHexDigits) return false;
  uint64_t r = 0;
  for (char c : s) {
    const int d = hex_value(c);
    if (d < 0) return false;
    r = r << 4 | uint64_t(d);
  }
  *v = r;
  return true;
}

std::string to_hex(const uint8_t* data, size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xf]);
  }
  return out;
}

std::string to_hex(const std::string& s) {
  return to_hex(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

bool from_hex(const std::string& s, std::string* out) {
  if (s.size() % 2) return false;
  out->clear();
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(char(hi << 4 | lo));
  }
  return true;
}

std::string reg_hex(uint32_t v) {
  const uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
  return to_hex(b, sizeof b);
}

bool parse_reg_hex(const std::string& s, uint32_t* v) {
  std::string bytes;
  if (s.size() != 8 || !from_hex(s, &bytes)) return false;
  *v = 0;
  for (int i = 3; i >= 0; --i) *v = *v << 8 | uint8_t(bytes[size_t(i)]);
  return true;
}

}  // namespace mmcosim::gdb

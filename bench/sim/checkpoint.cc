#include "checkpoint.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace mmcosim {

namespace {
constexpr char kMagic[8] = {'M', 'M', 'C', 'O', 'C', 'K', 'P', 'T'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 56;
constexpr uint32_t kPageBytes = 4096;
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ull, kFnvPrime = 0x100000001b3ull;

struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

void put(std::vector<uint8_t>* out, const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  out->insert(out->end(), b, b + n);
}
template <class T>
void put(std::vector<uint8_t>* out, T v) {
  put(out, &v, sizeof v);
}

// Bounds-checked reader over the payload.
struct Reader {
  const uint8_t* p;
  size_t left;
  bool ok = true;
  template <class T>
  T get() {
    T v{};
    if (left < sizeof v) {
      ok = false;
      return v;
    }
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    left -= sizeof v;
    return v;
  }
  bool bytes(size_t n, std::vector<uint8_t>* out) {
    if (left < n) return ok = false;
    out->assign(p, p + n);
    p += n;
    left -= n;
    return true;
  }
};

uint32_t crc(const uint8_t* p, size_t n) {
  uLong c = crc32(0L, Z_NULL, 0);
  while (n > 0) {  // crc32 takes a uInt length
    uInt chunk = n > (1u << 30) ? (1u << 30) : uInt(n);
    c = crc32(c, p, chunk);
    p += chunk;
    n -= chunk;
  }
  return uint32_t(c);
}

bool all_zero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}
}  // namespace

bool file_hash(const std::string& path, uint64_t* hash) {
  File f(fopen(path.c_str(), "rb"));
  if (!f) return false;
  uint64_t h = kFnvBasis;
  uint8_t buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f.get())) > 0)
    for (size_t i = 0; i < n; ++i) h = (h ^ buf[i]) * kFnvPrime;
  *hash = h;
  return !ferror(f.get());
}

bool write_checkpoint(const std::string& path, const Checkpoint& c,
                      std::string* error) {
  std::vector<uint8_t> payload;
  put(&payload, uint32_t(c.cpu.size()));
  put(&payload, c.cpu.data(), c.cpu.size());
  put(&payload, uint32_t(c.devices.size()));
  put(&payload, c.devices.data(), c.devices.size());
  put(&payload, c.dram_base);
  put(&payload, c.dram_size);
  std::vector<uint32_t> pages;
  for (uint32_t pg = 0; pg < c.dram_size / kPageBytes; ++pg)
    if (!all_zero(c.image + size_t(pg) * kPageBytes, kPageBytes)) pages.push_back(pg);
  put(&payload, uint32_t(pages.size()));
  for (uint32_t pg : pages) {
    put(&payload, pg);
    put(&payload, c.image + size_t(pg) * kPageBytes, kPageBytes);
  }

  uLongf zlen = compressBound(payload.size());
  std::vector<uint8_t> z(zlen);
  if (compress2(z.data(), &zlen, payload.data(), payload.size(), Z_BEST_SPEED) != Z_OK) {
    *error = "cannot compress checkpoint " + path;
    return false;
  }
  std::vector<uint8_t> head;
  put(&head, kMagic, sizeof kMagic);
  put(&head, kVersion);
  put(&head, uint32_t(0));  // header CRC, filled below
  put(&head, c.config_hash);
  put(&head, c.program_hash);
  put(&head, uint64_t(payload.size()));
  put(&head, uint64_t(zlen));
  put(&head, crc(payload.data(), payload.size()));
  put(&head, uint32_t(0));
  const uint32_t hcrc = crc(head.data(), head.size());
  std::memcpy(head.data() + 12, &hcrc, sizeof hcrc);

  File f(fopen(path.c_str(), "wb"));
  if (!f) {
    *error = "cannot write checkpoint " + path + ": " + strerror(errno);
    return false;
  }
  if (fwrite(head.data(), 1, head.size(), f.get()) != head.size() ||
      fwrite(z.data(), 1, zlen, f.get()) != zlen || fclose(f.release()) != 0) {
    *error = "cannot write checkpoint " + path;
    return false;
  }
  return true;
}

bool read_checkpoint(const std::string& path, Checkpoint* c,
                     std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = path + ": " + why;
    return false;
  };
  File f(fopen(path.c_str(), "rb"));
  if (!f) return fail(std::string("cannot read checkpoint: ") + strerror(errno));
  std::vector<uint8_t> file;
  uint8_t buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f.get())) > 0) file.insert(file.end(), buf, buf + n);
  if (file.size() < sizeof kMagic || std::memcmp(file.data(), kMagic, sizeof kMagic))
    return fail("not an mmcosim checkpoint");
  if (file.size() < kHeaderBytes) return fail("truncated checkpoint (header)");
  Reader h{file.data() + sizeof kMagic, kHeaderBytes - sizeof kMagic};
  const uint32_t version = h.get<uint32_t>();
  const uint32_t hcrc = h.get<uint32_t>();
  c->config_hash = h.get<uint64_t>();
  c->program_hash = h.get<uint64_t>();
  const uint64_t plen = h.get<uint64_t>(), zlen = h.get<uint64_t>();
  const uint32_t pcrc = h.get<uint32_t>();
  if (version != kVersion)
    return fail("checkpoint format version " + std::to_string(version) +
                ", this simulator reads version " + std::to_string(kVersion));
  std::vector<uint8_t> head(file.begin(), file.begin() + kHeaderBytes);
  std::memset(head.data() + 12, 0, 4);
  if (crc(head.data(), head.size()) != hcrc) return fail("damaged checkpoint (header CRC)");
  if (file.size() - kHeaderBytes < zlen) return fail("truncated checkpoint");
  if (file.size() - kHeaderBytes > zlen) return fail("damaged checkpoint (bytes after its end)");
  if (plen > (uint64_t{1} << 34)) return fail("damaged checkpoint (payload size)");
  std::vector<uint8_t> payload(plen);
  uLongf out = plen;
  if (uncompress(payload.data(), &out, file.data() + kHeaderBytes, zlen) != Z_OK ||
      out != plen || crc(payload.data(), plen) != pcrc)
    return fail("damaged checkpoint (payload)");

  Reader r{payload.data(), payload.size()};
  r.bytes(r.get<uint32_t>(), &c->cpu);
  r.bytes(r.get<uint32_t>(), &c->devices);
  c->dram_base = r.get<uint32_t>();
  c->dram_size = r.get<uint32_t>();
  const uint32_t npages = r.get<uint32_t>();
  if (!r.ok || c->dram_size % kPageBytes) return fail("damaged checkpoint (layout)");
  c->memory.assign(c->dram_size, 0);
  for (uint32_t i = 0; i < npages && r.ok; ++i) {
    const uint32_t pg = r.get<uint32_t>();
    if (!r.ok || pg >= c->dram_size / kPageBytes || r.left < kPageBytes)
      return fail("damaged checkpoint (memory page)");
    std::memcpy(c->memory.data() + size_t(pg) * kPageBytes, r.p, kPageBytes);
    r.p += kPageBytes;
    r.left -= kPageBytes;
  }
  if (!r.ok || r.left != 0) return fail("damaged checkpoint (payload layout)");
  return true;
}

}  // namespace mmcosim

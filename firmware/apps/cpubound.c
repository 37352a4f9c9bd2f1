/*
 * cpubound -- a CPU-bound workload for `make bench-sim`: integer matrix
 * multiply, CRC-32 and an insertion sort, repeated ROUNDS times inside
 * bench region 1.  Small data that stays in a few pages, a mix of ALU,
 * multiply, branch, load and store instructions.
 *
 * Output:
 *   cpubound: checksum=<hex> cycles=<n> instret=<n>
 * Exit status 0 when the checksum matches the value computed on the host
 * (CPUBOUND_EXPECT below), 1 otherwise.
 */
#include <stdint.h>

#include "hpm.h"
#include "printf.h"
#include "simctl.h"

#define ROUNDS 24
#define N 16          /* matrix dimension */
#define CRC_BYTES 1024
#define SORT_LEN 96
#define CRC32_POLY 0xedb88320u
#define CPUBOUND_EXPECT 0xdb678560u
#define REGION_ID 1

static int32_t a[N][N], b[N][N], c[N][N];
static uint8_t bytes[CRC_BYTES];
static int32_t keys[SORT_LEN];

/* Deterministic pseudo-random numbers (xorshift32). */
static uint32_t rng_state = 2463534242u;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static void matmul(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int32_t s = 0;
      for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
}

static uint32_t crc32(const uint8_t *p, int len) {
  uint32_t crc = ~0u;
  for (int i = 0; i < len; i++) {
    crc ^= p[i];
    for (int bit = 0; bit < 8; bit++)
      crc = (crc >> 1) ^ (CRC32_POLY & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void insertion_sort(int32_t *v, int len) {
  for (int i = 1; i < len; i++) {
    int32_t x = v[i];
    int j = i - 1;
    for (; j >= 0 && v[j] > x; j--) v[j + 1] = v[j];
    v[j + 1] = x;
  }
}

int main(void) {
  uint32_t sum = 0;
  sim_region_begin(REGION_ID);
  uint64_t c0 = rd_mcycle(), i0 = rd_minstret();
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        a[i][j] = (int32_t)(rng() & 0xff) - 128;
        b[i][j] = (int32_t)(rng() & 0xff) - 128;
      }
    matmul();
    for (int i = 0; i < N; i++) sum += (uint32_t)c[i][(i + r) % N];
    for (int i = 0; i < CRC_BYTES; i++) bytes[i] = (uint8_t)rng();
    sum ^= crc32(bytes, CRC_BYTES);
    for (int i = 0; i < SORT_LEN; i++) keys[i] = (int32_t)rng();
    insertion_sort(keys, SORT_LEN);
    sum += (uint32_t)keys[SORT_LEN / 2];
  }
  uint64_t cycles = rd_mcycle() - c0, instret = rd_minstret() - i0;
  sim_region_end(REGION_ID);
  kprintf("cpubound: checksum=%08x cycles=%llu instret=%llu\n", (unsigned)sum,
          (unsigned long long)cycles, (unsigned long long)instret);
  return sum == CPUBOUND_EXPECT ? 0 : 1;
}

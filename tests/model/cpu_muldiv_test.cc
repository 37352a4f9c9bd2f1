// RV32M: products, high halves with every sign combination, division and
// remainder including the spec's divide-by-zero and overflow results.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;

class MulDivTest : public CpuTest {};

constexpr uint32_t kIntMin = 0x80000000u;
constexpr uint32_t kMinus1 = 0xffffffffu;

TEST_F(MulDivTest, MulLowHalf) {
  EXPECT_EQ(RunOne(mul(a0, a1, a2), 7, 6), 42u);
  EXPECT_EQ(RunOne(mul(a0, a1, a2), kMinus1, kMinus1), 1u);
  EXPECT_EQ(RunOne(mul(a0, a1, a2), 0x10000u, 0x10000u), 0u);
  EXPECT_EQ(RunOne(mul(a0, a1, a2), 0x12345678u, 0x9abcdef0u),
            static_cast<uint32_t>(0x12345678ull * 0x9abcdef0ull));
}

TEST_F(MulDivTest, MulhSigned) {
  EXPECT_EQ(RunOne(mulh(a0, a1, a2), kMinus1, kMinus1), 0u);  // (-1)(-1)=1
  EXPECT_EQ(RunOne(mulh(a0, a1, a2), kMinus1, 1), kMinus1);   // -1
  EXPECT_EQ(RunOne(mulh(a0, a1, a2), kIntMin, kIntMin), 0x40000000u);
  EXPECT_EQ(RunOne(mulh(a0, a1, a2), kIntMin, 0x7fffffffu), 0xc0000000u);
}

TEST_F(MulDivTest, MulhsuSignedTimesUnsigned) {
  EXPECT_EQ(RunOne(mulhsu(a0, a1, a2), kMinus1, kMinus1),
            kMinus1);  // -1 * (2^32-1)
  EXPECT_EQ(RunOne(mulhsu(a0, a1, a2), 1, kMinus1), 0u);
  EXPECT_EQ(RunOne(mulhsu(a0, a1, a2), kIntMin, kMinus1), 0x80000000u);
  EXPECT_EQ(RunOne(mulhsu(a0, a1, a2), 2, kIntMin), 1u);
}

TEST_F(MulDivTest, MulhuUnsigned) {
  EXPECT_EQ(RunOne(mulhu(a0, a1, a2), kMinus1, kMinus1), 0xfffffffeu);
  EXPECT_EQ(RunOne(mulhu(a0, a1, a2), kIntMin, 2), 1u);
  EXPECT_EQ(RunOne(mulhu(a0, a1, a2), 0x10000u, 0x10000u), 1u);
}

TEST_F(MulDivTest, DivSigned) {
  EXPECT_EQ(RunOne(div(a0, a1, a2), 20, 6), 3u);
  EXPECT_EQ(RunOne(div(a0, a1, a2), static_cast<uint32_t>(-20), 6),
            static_cast<uint32_t>(-3));  // rounds toward zero
  EXPECT_EQ(RunOne(div(a0, a1, a2), 20, static_cast<uint32_t>(-6)),
            static_cast<uint32_t>(-3));
}

TEST_F(MulDivTest, DivByZero) {
  EXPECT_EQ(RunOne(div(a0, a1, a2), 123, 0), kMinus1);
  EXPECT_EQ(RunOne(divu(a0, a1, a2), 123, 0), kMinus1);
  EXPECT_EQ(RunOne(rem(a0, a1, a2), 123, 0), 123u);
  EXPECT_EQ(RunOne(remu(a0, a1, a2), static_cast<uint32_t>(-5), 0),
            static_cast<uint32_t>(-5));
  EXPECT_EQ(RunOne(rem(a0, a1, a2), kIntMin, 0), kIntMin);
}

TEST_F(MulDivTest, SignedOverflow) {
  EXPECT_EQ(RunOne(div(a0, a1, a2), kIntMin, kMinus1), kIntMin);
  EXPECT_EQ(RunOne(rem(a0, a1, a2), kIntMin, kMinus1), 0u);
}

TEST_F(MulDivTest, DivuRemuUnsigned) {
  EXPECT_EQ(RunOne(divu(a0, a1, a2), kMinus1, 2), 0x7fffffffu);
  EXPECT_EQ(RunOne(remu(a0, a1, a2), kMinus1, 10), 5u);
  EXPECT_EQ(RunOne(divu(a0, a1, a2), kIntMin, kMinus1), 0u);
}

TEST_F(MulDivTest, RemSignFollowsDividend) {
  EXPECT_EQ(RunOne(rem(a0, a1, a2), static_cast<uint32_t>(-7), 3),
            static_cast<uint32_t>(-1));
  EXPECT_EQ(RunOne(rem(a0, a1, a2), 7, static_cast<uint32_t>(-3)), 1u);
}

TEST_F(MulDivTest, MulAndDivUseTheirLatencies) {
  SetLatencies(1);
  cfg.cpu_latency_mul = 5;
  cfg.cpu_latency_div = 17;
  prog.i(mul(a0, a1, a2)).i(div(a0, a1, a2)).i(ebreak());
  Boot();
  RunProgram();
  ASSERT_EQ(retired.size(), 2u);
  // Zero-latency memory: the next instruction issues one edge after the
  // previous retired; mul retires 4 edges after issue, div 16.
  EXPECT_EQ(retired[0].tick, 1u + 1u + 4u);
  EXPECT_EQ(retired[1].tick, retired[0].tick + 1u + 16u);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim

// mmu_pkg: Sv32 constants of the MMU, taken from the generated configuration
// (config/gen/<cfg>/mmcosim_cfg.svh, [sv32] section) so that no number is
// typed twice.  Localparams only (Yosys 0.23: spell `mmu_pkg::Name`).
//
//   virtual address                    PTE (32 bits)
//   31      22 21      12 11        0   31          10 9  8 7 6 5 4 3 2 1 0
//   +---------+---------+-----------+   +--------------+----+-+-+-+-+-+-+-+-+
//   |  VPN[1] |  VPN[0] |  offset   |   |   PPN (22)   |RSW |D|A|G|U|X|W|R|V|
//   +---------+---------+-----------+   +--------------+----+-+-+-+-+-+-+-+-+
//   physical address = {PPN, offset}: 34 bits; PPN[21:20] != 0 is above 4 GiB
`include "mmcosim_cfg.svh"

package mmu_pkg;

  localparam int unsigned PageShift = `MMCOSIM_SV32_PAGE_SHIFT;      // 12
  localparam int unsigned MegaShift = `MMCOSIM_SV32_MEGAPAGE_SHIFT;  // 22
  localparam int unsigned VpnBits   = `MMCOSIM_SV32_VPN_BITS;        // 10
  localparam int unsigned PteBytes  = `MMCOSIM_SV32_PTE_BYTES;       // 4
  localparam int unsigned PpnShift  = `MMCOSIM_SV32_PTE_PPN_SHIFT;   // 10
  localparam int unsigned PpnBits   = `MMCOSIM_SV32_PPN_BITS;        // 22
  localparam int unsigned AsidBits  = `MMCOSIM_SV32_ASID_BITS;       // 9
  localparam int unsigned AsidLsb   = `MMCOSIM_SV32_SATP_ASID_LSB;   // 22
  localparam int unsigned ModeBit   = `MMCOSIM_SV32_SATP_MODE_BIT;   // 31

  localparam int unsigned VpnW     = 32 - PageShift;               // both VPN fields
  localparam int unsigned PaBits   = PpnBits + PageShift;          // 34
  localparam int unsigned PteIdxLsb = $clog2(PteBytes);            // 2

  // PTE flag bits.
  localparam int unsigned PteV = `MMCOSIM_SV32_PTE_V_BIT;
  localparam int unsigned PteR = `MMCOSIM_SV32_PTE_R_BIT;
  localparam int unsigned PteW = `MMCOSIM_SV32_PTE_W_BIT;
  localparam int unsigned PteX = `MMCOSIM_SV32_PTE_X_BIT;
  localparam int unsigned PteU = `MMCOSIM_SV32_PTE_U_BIT;
  localparam int unsigned PteG = `MMCOSIM_SV32_PTE_G_BIT;
  localparam int unsigned PteA = `MMCOSIM_SV32_PTE_A_BIT;
  localparam int unsigned PteD = `MMCOSIM_SV32_PTE_D_BIT;

  // Access type of a translation (from the port kind).
  localparam logic [1:0] AccFetch = 2'd0;  // needs X
  localparam logic [1:0] AccLoad  = 2'd1;  // load, LR: needs R (or X with MXR)
  localparam logic [1:0] AccStore = 2'd2;  // store, SC, AMO (both halves): needs W

  // Privilege levels of the CSR sideband.
  localparam logic [1:0] PrivU = 2'd0;
  localparam logic [1:0] PrivS = 2'd1;
  localparam logic [1:0] PrivM = 2'd3;

endpackage

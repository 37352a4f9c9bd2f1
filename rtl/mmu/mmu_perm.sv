// mmu_perm: the Sv32 leaf permission check, purely combinational.  Used on
// every TLB hit (privilege, SUM and MXR change without a fence, so the
// stored PTE bits are checked again each time) and by the walker before it
// sets A/D bits (Svadu must not update a PTE for an access that faults).
//
//   access     page bits needed                 privilege rule
//   fetch      X                                U mode: U=1 pages only
//   load/LR    R, or X when MXR=1               S mode: U=1 pages only with
//   store/AMO  W (W=1 implies R=1, else the      SUM=1, and never for fetch
//              walker already faulted)
//
// M mode never gets here (no translation).
module mmu_perm (
  input  logic [1:0] acc_i,   // mmu_pkg::AccFetch/AccLoad/AccStore
  input  logic [1:0] priv_i,  // U or S
  input  logic       sum_i,
  input  logic       mxr_i,
  input  logic       r_i,
  input  logic       w_i,
  input  logic       x_i,
  input  logic       u_i,
  output logic       ok_o
);

  logic kind_ok, priv_ok;

  always_comb begin
    case (acc_i)
      mmu_pkg::AccFetch: kind_ok = x_i;
      mmu_pkg::AccLoad:  kind_ok = r_i || (mxr_i && x_i);
      default:           kind_ok = w_i;
    endcase
  end

  assign priv_ok = (priv_i == mmu_pkg::PrivU) ? u_i
                                              : (!u_i || (sum_i && acc_i != mmu_pkg::AccFetch));
  assign ok_o    = kind_ok && priv_ok;

endmodule

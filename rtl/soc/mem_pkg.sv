// mem_pkg: constants shared by the memory subsystem, taken from the generated
// configuration (config/gen/<cfg>/mmcosim_cfg.svh) so that no number is typed
// twice.  Localparams only: Yosys 0.23 accepts `mem_pkg::Name` references but
// neither `import` nor package functions, so modules spell the package name.
`include "mmcosim_cfg.svh"

package mem_pkg;

  // Access kinds on the CPU ports (docs/ports.md).
  localparam logic [2:0] KindFetch  = 3'(`MMCOSIM_PORT_KIND_FETCH);
  localparam logic [2:0] KindLoad   = 3'(`MMCOSIM_PORT_KIND_LOAD);
  localparam logic [2:0] KindStore  = 3'(`MMCOSIM_PORT_KIND_STORE);
  localparam logic [2:0] KindAmo    = 3'(`MMCOSIM_PORT_KIND_AMO);
  localparam logic [2:0] KindLr     = 3'(`MMCOSIM_PORT_KIND_LR);
  localparam logic [2:0] KindSc     = 3'(`MMCOSIM_PORT_KIND_SC);
  localparam logic [2:0] KindSfence = 3'(`MMCOSIM_PORT_KIND_SFENCE);
  localparam logic [2:0] KindFenceI = 3'(`MMCOSIM_PORT_KIND_FENCEI);

  // Access sizes, log2(bytes).
  localparam logic [1:0] SizeByte = 2'(`MMCOSIM_PORT_SIZE_BYTE);
  localparam logic [1:0] SizeHalf = 2'(`MMCOSIM_PORT_SIZE_HALF);
  localparam logic [1:0] SizeWord = 2'(`MMCOSIM_PORT_SIZE_WORD);
  localparam logic [1:0] SizeBlock = 2'(`MMCOSIM_PORT_SIZE_BLOCK);  // cbo.*: one cache block

  // Cache-block operations: wdata of a kind-Load block request; cbo.zero is
  // a kind-Store block request.
  localparam logic [2:0] CboInval = 3'(`MMCOSIM_PORT_CBO_INVAL);
  localparam logic [2:0] CboClean = 3'(`MMCOSIM_PORT_CBO_CLEAN);
  localparam logic [2:0] CboFlush = 3'(`MMCOSIM_PORT_CBO_FLUSH);
  localparam logic [2:0] CboZero  = 3'(`MMCOSIM_PORT_CBO_ZERO);

  // Exception codes a response can carry.
  localparam logic [4:0] CauseFetchAccess = 5'(`MMCOSIM_PORT_CAUSE_FETCH_ACCESS);
  localparam logic [4:0] CauseLoadAccess  = 5'(`MMCOSIM_PORT_CAUSE_LOAD_ACCESS);
  localparam logic [4:0] CauseStoreAccess = 5'(`MMCOSIM_PORT_CAUSE_STORE_ACCESS);
  localparam logic [4:0] CauseFetchPage   = 5'(`MMCOSIM_PORT_CAUSE_FETCH_PAGE);
  localparam logic [4:0] CauseLoadPage    = 5'(`MMCOSIM_PORT_CAUSE_LOAD_PAGE);
  localparam logic [4:0] CauseStorePage   = 5'(`MMCOSIM_PORT_CAUSE_STORE_PAGE);

endpackage

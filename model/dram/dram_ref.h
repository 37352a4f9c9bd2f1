// dram_ref: C++ timing reference of the DRAM controller and device
// (rtl/dram): for a stream of bus requests it computes, edge by edge, the
// command sequence, the accept and ack edge and the data of every request,
// and the cells' contents with retention -- the same decisions as
// rtl/dram/dram_ctrl.sv and the same data as rtl/dram/dram_cells.sv.
//
// Time is counted in rising clock edges of the core clock, as a test
// harness counts them: the edge numbers passed in are the harness's.  A
// "command at edge e" is taken by the device at e; a response "at edge e"
// is what the bus master samples at e.  The cells count cycles from
// power-up: at edge e their clock reads e - 1 (the first edge is 1).
//
// DramChecker is the device's rule book (rtl/dram/dram_checker.sv): it
// says which rules a command at a given edge would break.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace mmcosim::dram {

// Command encodings: rtl/dram/dram_pkg.sv cmd_e.
enum class Cmd : uint8_t { kNop = 0, kAct, kRd, kRda, kWr, kWra, kPre, kPrea, kRef };
const char* cmd_name(Cmd c);

// Rule bits: rtl/dram/dram_pkg.sv Rule*.
enum Rule : unsigned {
  kRuleRcd, kRuleRp, kRuleRas, kRuleRc, kRuleCcd, kRuleRrd, kRuleFaw, kRuleWr,
  kRuleWtr, kRuleRtp, kRuleRfc, kRuleRtw, kRuleRefi, kRuleState, kNumRules
};
const char* rule_name(unsigned rule);

enum Scheduler : unsigned { kFcfs = 0, kFrfcfs = 1 };
enum PagePolicy : unsigned { kOpen = 0, kClosed = 1, kAdaptive = 2 };
enum AddrMap : unsigned { kRowBankCol = 0, kBankXor = 1 };

// Everything the RTL takes as parameters; timings in core cycles.
struct Params {
  unsigned banks = 8, rows = 2048, columns = 1024;
  unsigned addr_map = kRowBankCol, queue_depth = 8;
  unsigned scheduler = kFrfcfs, page_policy = kOpen;
  unsigned adaptive_idle = 64, adaptive_max_hits = 16;
  unsigned refresh = 1, rows_per_ref = 1, max_postponed = 8;
  uint64_t retention = 0;  // 0: cells never decay
  uint32_t leak_value = 0;
  unsigned cl = 14, cwl = 10, burst = 5, rcd = 14, rp = 14, ras = 35, rc = 49,
           ccd = 5, rrd = 7, faw = 30, wr = 15, wtr = 8, rtp = 8, rfc = 260,
           refi = 7800, rtw = 12;
  unsigned burst_words = 8;  // columns per RD/WR: BL (2 x burst in DRAM clocks)
  // DDR4 bank groups: bank b is in group b % bank_groups; ccd/rrd/wtr are
  // the _S values (other group), these the _L values (same group), used
  // only when bank_groups > 1
  unsigned bank_groups = 1, ccd_l = 5, rrd_l = 7, wtr_l = 8;
  unsigned group(unsigned bank) const { return bank % bank_groups; }
  // the rule between a command to bank a and one to bank b
  unsigned ccd_between(unsigned a, unsigned b) const { return same(a, b) ? ccd_l : ccd; }
  unsigned rrd_between(unsigned a, unsigned b) const { return same(a, b) ? rrd_l : rrd; }
  unsigned wtr_between(unsigned a, unsigned b) const { return same(a, b) ? wtr_l : wtr; }
  bool same(unsigned a, unsigned b) const { return bank_groups > 1 && group(a) == group(b); }
  // RowHammer (dram_cells.sv): needs retention != 0
  unsigned rh_enable = 0, rh_threshold = 50000, rh_radius = 1, rh_bits = 1;
  uint32_t rh_seed = 0x5eed;
  // SEC-DED ECC (dram_cells.sv): needs retention != 0
  unsigned ecc = 0;
  // RowHammer mitigations of the controller (dram_mitig.sv): PARA
  // probability para/65536 per closed row, TRR table, neighbours per side
  unsigned para = 0, trr_threshold = 0, trr_entries = 4, mit_radius = 1;
  uint32_t mit_seed = 0x9a7a;
};

// SEC-DED (39,32): Hamming (38,32) with the check bits at the positions
// that are powers of two (1, 2, 4, ..., 32), data bits in order at the
// others (3, 5, 6, 7, 9, ..., 38), and an overall parity bit (check bit 6).
// ecc_check gives the 7 check bits of a word; ecc_decode corrects one
// flipped bit anywhere in the 39 and flags two as uncorrectable.
uint8_t ecc_check(uint32_t data);
struct EccWord {
  uint32_t data;     // corrected (as stored when uncorrectable)
  bool ce, ue;       // one bit corrected / uncorrectable
};
EccWord ecc_decode(uint32_t data, uint8_t check);
constexpr uint8_t kEccLeakCheck = 0x7f;  // decayed check cells read as ones

// RowHammer's rule: the n-th flip of the device (from 0) inverts `mask` in
// column `col` of its victim row (dram_cells.sv: lowbias32 of seed + n).
uint32_t mix32(uint32_t x);
struct Flip {
  unsigned col;
  uint32_t mask;
};
Flip hammer_flip(const Params& p, uint32_t n);

struct Command {
  uint64_t edge = 0;
  Cmd cmd = Cmd::kNop;
  unsigned bank = 0, row = 0, col = 0;
  unsigned len = 1;  // words of a RD/WR (a burst: up to burst_words)
  bool is_col() const {
    return cmd == Cmd::kRd || cmd == Cmd::kRda || cmd == Cmd::kWr || cmd == Cmd::kWra;
  }
  bool operator==(const Command& o) const {
    return edge == o.edge && cmd == o.cmd && bank == o.bank &&
           (cmd != Cmd::kAct || row == o.row) && (!is_col() || (col == o.col && len == o.len));
  }
};
std::string to_string(const Command& c);

// Wishbone B4 cycle types (cti).
enum Cti : uint8_t { kClassic = 0, kBurst = 2, kBurstEnd = 7 };

// A bus request: a byte offset from the DRAM base.  A burst is a run of
// requests with cti kBurst, the last one kBurstEnd, at consecutive words;
// the master holds cyc from its first beat to its last.
struct Request {
  bool we = false;
  uint32_t offset = 0;
  uint32_t wdata = 0;
  uint8_t sel = 0xf;
  uint64_t not_before = 0;  // first edge at which it may be presented
  uint8_t cti = kClassic;
};

struct Completion {
  uint64_t accept = 0, ack = 0;  // ack: the edge of the ack, or of the err
  uint32_t rdata = 0;
  bool err = false;              // answered with err (ECC: uncorrectable)
  unsigned cls = 0;  // 0 row hit, 1 miss (bank closed), 2 conflict
};

// Counters the RTL keeps too (dram.*), for comparison.
struct Counts {
  uint64_t reads = 0, writes = 0, act = 0, pre = 0, ref = 0, decays = 0;
  uint64_t rh_disturbances = 0, rh_victims = 0, rh_bits = 0;  // dram.rowhammer.*
  uint64_t ecc_corrected = 0, ecc_uncorrectable = 0;          // dram.ecc.*
  uint64_t para_acts = 0, trr_acts = 0, mit_dropped = 0;       // dram.rowhammer.* mitigation
  uint64_t cls[2][3] = {};  // [we][hit, miss, conflict]
  std::vector<uint64_t> bank_act, bank_pre;
};

// Where a byte offset lives: {bank, row, col} as dram_addr_map.sv maps it.
struct Loc {
  unsigned bank, row, col;
};
Loc map_address(const Params& p, uint32_t offset);

// The device's timing rules (dram_checker.sv).  Time = edges.
class DramChecker {
 public:
  explicit DramChecker(const Params& p);
  // Rules broken by `cmd` to `bank` at edge `e` (bit set per Rule).
  unsigned check(uint64_t e, Cmd cmd, unsigned bank) const;
  // Takes the command at edge e (after check).
  void take(uint64_t e, Cmd cmd, unsigned bank);
  // Refresh bookkeeping at every edge from `start` (the first edge out of
  // reset); returns the tREFI bit if too many REFs are owed at edge e.
  unsigned tick(uint64_t e, Cmd cmd);
  void reset(uint64_t start);

 private:
  Params p_;
  std::vector<int64_t> act_t_, pre_t_, rd_t_, wr_t_;
  std::vector<bool> open_;
  std::vector<int64_t> last_act_, last_col_, last_wr_;  // per bank group
  int64_t last_rd_, last_ref_;
  int64_t faw_[4];
  unsigned faw_ptr_ = 0;
  uint64_t refi_ = 0;
  unsigned owed_ = 0;
};

class DramRef {
 public:
  explicit DramRef(const Params& p);

  // Controller and device leave reset: `start` is the first edge with
  // rst_ni high (the harness releases reset after edge start - 1).
  void reset(uint64_t start);

  // One rising edge: the bus presents `req` if `stb`; returns whether it
  // was accepted at this edge, whether an ack is sampled at this edge and
  // its data.  Commands go to commands().
  struct EdgeOut {
    bool accepted = false, ack = false, err = false;  // ack or err: the head is answered
    uint32_t rdata = 0;
    Cmd cmd = Cmd::kNop;
  };
  // cyc: the master holds cyc without a request (inside a burst).
  EdgeOut edge(uint64_t e, bool stb, const Request& req, bool cyc = false);

  // Runs `reqs` from edge `first` as the test harness presents them: each
  // request from max(not_before, previous accept + 1) until accepted; then
  // until every request is acked.  Returns one completion per request.
  std::vector<Completion> run(const std::vector<Request>& reqs, uint64_t first,
                              uint64_t max_edges = 10000000);
  uint64_t next_edge() const { return next_edge_; }
  // Idles (no request) up to and including edge `last`.
  void idle_until(uint64_t last);

  // Backdoor (dram_cells' DPI functions), between edge `after` and the next.
  void poke(uint64_t after, uint32_t offset, uint32_t data, uint32_t mask = 0xf);
  uint32_t peek(uint64_t after, uint32_t offset) const;
  // dram_cells' mmcosim_mem_inject32: inverts stored data and check bits.
  void inject(uint32_t offset, uint32_t data_xor, uint8_t check_xor);

  const std::vector<Command>& commands() const { return cmds_; }
  const Counts& counts() const { return counts_; }
  // Rules the model's own commands broke (must stay 0).
  unsigned violations() const { return violations_; }

 private:
  struct Entry {
    bool valid = false, issued = false, done = false, we = false;
    bool acted = false, preed = false;
    unsigned bank = 0, row = 0, col = 0;
    uint32_t wdata = 0, rdata = 0;
    bool rerr = false;  // ECC: the read word came back uncorrectable
    uint8_t sel = 0;
    uint64_t t0 = 0;
    uint32_t dep = 0;  // bit j: older waiting entry j targets the same word
    unsigned cls = 0;
    // bursts: follower of a group, leader of one, group id, index, beats
    bool fol = false, lead = false;
    uint8_t gid = 0;
    unsigned k = 0, len = 1;
  };
  struct ReadTag {
    unsigned slot = 0;  // the leader's queue slot; word k goes to slot + k
    uint8_t gid = 0;
    unsigned len = 1;
  };
  struct Bank {
    bool open = false;
    unsigned row = 0;
    uint64_t act_cnt = 0, col_cnt = 0, pre_cnt = 0, hits = 0, idle = 0;
  };
  // cells
  uint64_t cells_now(uint64_t e) const { return e - 1; }  // clock before edge e
  uint32_t cell_read(unsigned bank, unsigned row, unsigned col) const;
  // encode: store the check bits of the word left (a write); a RowHammer
  // flip does not
  void cell_write(unsigned bank, unsigned row, unsigned col, uint32_t data, uint8_t sel,
                  bool encode = true);
  bool cell_stale(unsigned bank, unsigned row, unsigned col) const;
  // a RD's word: decoded, counted and scrubbed when ECC is on
  struct RWord {
    uint64_t edge;  // sampled by the controller
    uint32_t data;
    bool ue;
  };
  RWord cell_fetch(uint64_t edge, unsigned bank, unsigned row, unsigned col);
  bool row_decayed(uint64_t now, unsigned bank, unsigned row) const;
  void sense(uint64_t now, unsigned bank, unsigned row);  // ACT/REF: decay, restore
  void hammer(unsigned bank, unsigned row);                // ACT: disturb the neighbours
  // RowHammer mitigations (dram_mitig.sv): the wanted ACT, and the
  // bookkeeping of one edge's command
  bool mit_want(unsigned* bank, unsigned* row) const;
  void mit_step(bool act, bool close, unsigned bank, unsigned row, bool taken);
  uint64_t meta(unsigned bank, unsigned row) const { return uint64_t(bank) * p_.rows + row; }
  uint64_t word(unsigned bank, unsigned row, unsigned col) const {
    return meta(bank, row) * p_.columns + col;
  }

  Params p_;
  DramChecker checker_;
  std::vector<Entry> q_;
  unsigned head_ = 0, tail_ = 0, count_ = 0;
  std::deque<ReadTag> rt_;  // read tags in flight
  unsigned rt_k_ = 0;       // words of rt_.front() come back so far
  // the open burst group (dram_ctrl g_*), the write data of a burst WR
  // (ws_*) and the device's burst sequencer (bs_*)
  bool g_open_ = false, g_we_ = false, g_issued_ = false;
  uint32_t g_adr_ = 0;
  uint8_t g_gid_ = 0;
  unsigned g_lead_ = 0, g_k_ = 0, g_n_ = 0, g_deliv_ = 0;
  unsigned ws_slot_ = 0, ws_left_ = 0;
  unsigned bs_left_ = 0, bs_bank_ = 0, bs_col_ = 0;
  bool bs_we_ = false;
  std::vector<Bank> b_;
  // per bank group: cycles until an ACT / RD / WR may go (tRRD, tCCD, tWTR, tRTW)
  std::vector<uint64_t> act_g_, rd_g_, wr_g_;
  uint64_t faw_[4] = {}, refi_ = 0, owed_ = 0;
  unsigned faw_ptr_ = 0;
  bool ref_mode_ = false;
  uint64_t next_edge_ = 0, now16_ = 0;
  std::deque<RWord> rpipe_;                           // read words in flight
  std::vector<uint64_t> ap_at_;                       // auto-precharge edge per bank (0: none)
  unsigned ref_row_ = 0, ref_left_ = 0;
  // cells: sparse
  std::unordered_map<uint64_t, uint32_t> mem_;
  std::unordered_map<uint64_t, uint8_t> wepoch_;
  std::unordered_map<uint64_t, uint8_t> repoch_;
  std::unordered_map<uint64_t, uint64_t> restore_;
  std::unordered_map<uint64_t, uint8_t> chk_;  // ECC check bits per word
  std::unordered_map<uint64_t, uint32_t> hc_;  // RowHammer disturbances per row
  uint32_t ham_n_ = 0;                          // flips so far
  std::vector<bool> open_;
  std::vector<unsigned> open_row_;
  struct MitEntry {
    unsigned bank, row;
    bool trr;  // TRR: row is the aggressor, k_ walks its neighbours
  };
  struct TrrEntry {
    bool valid = false;
    unsigned bank = 0, row = 0;
    uint32_t cnt = 0;
  };
  std::deque<MitEntry> mit_;
  unsigned mit_k_ = 0;
  uint32_t mit_x_ = 1;
  std::vector<TrrEntry> trr_;
  std::vector<Command> cmds_;
  Counts counts_;
  unsigned violations_ = 0;
};

}  // namespace mmcosim::dram

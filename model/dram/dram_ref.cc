// dram_ref.cc: the C++ twin of rtl/dram (see dram_ref.h).  Each block below
// names the RTL it mirrors; a change to one side needs the same change on
// the other (tests/rtl/dram_test.cc compares them command by command).
#include "dram_ref.h"

#include <optional>

#include <algorithm>
#include <cstdio>

namespace mmcosim::dram {

namespace {
constexpr int64_t kLongAgo = INT64_MIN / 4;
uint64_t dec(uint64_t v) { return v ? v - 1 : 0; }
bool is_rd(Cmd c) { return c == Cmd::kRd || c == Cmd::kRda; }
bool is_wr(Cmd c) { return c == Cmd::kWr || c == Cmd::kWra; }
bool is_ap(Cmd c) { return c == Cmd::kRda || c == Cmd::kWra; }
unsigned log2u(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v) ++n;
  return n;
}
}  // namespace

const char* cmd_name(Cmd c) {
  static const char* const names[] = {"NOP", "ACT", "RD", "RDA", "WR", "WRA", "PRE", "PREA", "REF"};
  return names[unsigned(c)];
}

const char* rule_name(unsigned r) {
  static const char* const names[] = {"tRCD", "tRP", "tRAS", "tRC", "tCCD", "tRRD", "tFAW",
                                      "tWR", "tWTR", "tRTP", "tRFC", "tRTW", "tREFI", "state"};
  return r < kNumRules ? names[r] : "?";
}

std::string to_string(const Command& c) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "@%llu %s b%u r%u c%u x%u", (unsigned long long)c.edge,
                cmd_name(c.cmd), c.bank, c.row, c.col, c.is_col() ? c.len : 0);
  return buf;
}

// dram_addr_map.sv
Loc map_address(const Params& p, uint32_t offset) {
  const unsigned cw = log2u(p.columns), bw = log2u(p.banks), rw = log2u(p.rows);
  const uint32_t w = offset >> 2;
  Loc l;
  l.col = w & (p.columns - 1);
  l.bank = (w >> cw) & (p.banks - 1);
  l.row = (w >> (cw + bw)) & ((1u << rw) - 1);
  if (p.addr_map == kBankXor) l.bank ^= l.row & (p.banks - 1);
  return l;
}

// ------------------------------------------------------------ dram_checker.sv
DramChecker::DramChecker(const Params& p) : p_(p) { reset(0); }

void DramChecker::reset(uint64_t start) {
  act_t_.assign(p_.banks, kLongAgo);
  pre_t_.assign(p_.banks, kLongAgo);
  rd_t_.assign(p_.banks, kLongAgo);
  wr_t_.assign(p_.banks, kLongAgo);
  open_.assign(p_.banks, false);
  last_act_.assign(p_.bank_groups, kLongAgo);
  last_col_.assign(p_.bank_groups, kLongAgo);
  last_wr_.assign(p_.bank_groups, kLongAgo);
  last_rd_ = last_ref_ = kLongAgo;
  for (auto& f : faw_) f = kLongAgo;
  faw_ptr_ = 0;
  refi_ = p_.refi - 1;
  owed_ = 0;
  (void)start;
}

unsigned DramChecker::check(uint64_t e64, Cmd cmd, unsigned bank) const {
  const int64_t e = int64_t(e64);
  const int64_t twrp = p_.cwl + p_.burst + p_.wr;
  const unsigned g = p_.group(bank);
  unsigned v = 0;
  auto flag = [&](unsigned rule, bool broken) {
    if (broken) v |= 1u << rule;
  };
  switch (cmd) {
    case Cmd::kAct:
      flag(kRuleState, open_[bank]);
      flag(kRuleRp, e < pre_t_[bank] + p_.rp);
      flag(kRuleRc, e < act_t_[bank] + p_.rc);
      for (unsigned h = 0; h < p_.bank_groups; ++h)
        flag(kRuleRrd, e < last_act_[h] + (h == g ? p_.rrd_between(bank, bank) : p_.rrd));
      flag(kRuleFaw, e < faw_[faw_ptr_] + p_.faw);
      flag(kRuleRfc, e < last_ref_ + p_.rfc);
      break;
    case Cmd::kRd: case Cmd::kRda: case Cmd::kWr: case Cmd::kWra:
      flag(kRuleState, !open_[bank]);
      flag(kRuleRcd, e < act_t_[bank] + p_.rcd);
      for (unsigned h = 0; h < p_.bank_groups; ++h) {
        flag(kRuleCcd, e < last_col_[h] + (h == g ? p_.ccd_between(bank, bank) : p_.ccd));
        if (is_rd(cmd))
          flag(kRuleWtr, e < last_wr_[h] + p_.cwl + p_.burst +
                                 (h == g ? p_.wtr_between(bank, bank) : p_.wtr));
      }
      if (!is_rd(cmd)) flag(kRuleRtw, e < last_rd_ + p_.rtw);
      break;
    case Cmd::kPre: case Cmd::kPrea:
      for (unsigned b = 0; b < p_.banks; ++b) {
        if ((cmd == Cmd::kPrea || b == bank) && open_[b]) {
          flag(kRuleRas, e < act_t_[b] + p_.ras);
          flag(kRuleRtp, e < rd_t_[b] + p_.rtp);
          flag(kRuleWr, e < wr_t_[b] + twrp);
        }
      }
      break;
    case Cmd::kRef:
      for (unsigned b = 0; b < p_.banks; ++b) {
        flag(kRuleState, open_[b]);
        flag(kRuleRp, e < pre_t_[b] + p_.rp);
      }
      flag(kRuleRfc, e < last_ref_ + p_.rfc);
      break;
    default:
      break;
  }
  return v;
}

unsigned DramChecker::tick(uint64_t, Cmd cmd) {
  if (!p_.refresh) return 0;
  const bool boundary = refi_ == 0;
  unsigned v = boundary && cmd != Cmd::kRef && owed_ >= p_.max_postponed + 1 ? 1u << kRuleRefi : 0;
  refi_ = boundary ? p_.refi - 1 : refi_ - 1;
  owed_ = owed_ + boundary - (cmd == Cmd::kRef);
  return v;
}

void DramChecker::take(uint64_t e64, Cmd cmd, unsigned bank) {
  const int64_t e = int64_t(e64);
  const int64_t twrp = p_.cwl + p_.burst + p_.wr;
  switch (cmd) {
    case Cmd::kAct:
      act_t_[bank] = e;
      open_[bank] = true;
      last_act_[p_.group(bank)] = e;
      faw_[faw_ptr_] = e;
      faw_ptr_ = (faw_ptr_ + 1) & 3;
      break;
    case Cmd::kRd: case Cmd::kRda: case Cmd::kWr: case Cmd::kWra:
      if (is_ap(cmd)) {
        int64_t tp = std::max({act_t_[bank] + p_.ras, rd_t_[bank] + p_.rtp, wr_t_[bank] + twrp,
                               e + (is_rd(cmd) ? int64_t(p_.rtp) : twrp)});
        pre_t_[bank] = tp;
        open_[bank] = false;
      }
      last_col_[p_.group(bank)] = e;
      if (is_rd(cmd)) last_rd_ = rd_t_[bank] = e;
      else last_wr_[p_.group(bank)] = wr_t_[bank] = e;
      break;
    case Cmd::kPre: case Cmd::kPrea:
      for (unsigned b = 0; b < p_.banks; ++b) {
        if ((cmd == Cmd::kPrea || b == bank) && open_[b]) {
          pre_t_[b] = e;
          open_[b] = false;
        }
      }
      break;
    case Cmd::kRef:
      last_ref_ = e;
      break;
    default:
      break;
  }
}

// --------------------------------------------------------------- the model
DramRef::DramRef(const Params& p) : p_(p), checker_(p) {
  open_.assign(p_.banks, false);
  open_row_.assign(p_.banks, 0);
  counts_.bank_act.assign(p_.banks, 0);
  counts_.bank_pre.assign(p_.banks, 0);
  reset(1);
}

void DramRef::reset(uint64_t start) {
  q_.assign(p_.queue_depth, Entry{});
  head_ = tail_ = count_ = 0;
  mit_.clear();
  mit_k_ = 0;
  mit_x_ = p_.mit_seed ? p_.mit_seed : 1;
  trr_.assign(p_.trr_entries, TrrEntry{});
  rt_.clear();
  rt_k_ = 0;
  g_open_ = g_we_ = g_issued_ = false;
  g_adr_ = 0;
  g_gid_ = 0;
  g_lead_ = g_k_ = g_n_ = g_deliv_ = 0;
  ws_slot_ = ws_left_ = 0;
  bs_left_ = bs_bank_ = bs_col_ = 0;
  bs_we_ = false;
  b_.assign(p_.banks, Bank{});
  act_g_.assign(p_.bank_groups, 0);
  rd_g_.assign(p_.bank_groups, 0);
  wr_g_.assign(p_.bank_groups, 0);
  for (auto& f : faw_) f = 0;
  faw_ptr_ = 0;
  refi_ = p_.refi - 1;
  owed_ = 0;
  ref_mode_ = false;
  now16_ = 0;
  rpipe_.clear();
  ap_at_.assign(p_.banks, 0);
  ref_row_ = ref_left_ = 0;
  open_.assign(p_.banks, false);
  checker_.reset(start);
  next_edge_ = start;
}

// dram_cells.sv
bool DramRef::row_decayed(uint64_t now, unsigned bank, unsigned row) const {
  if (!p_.retention) return false;
  auto it = restore_.find(meta(bank, row));
  const uint64_t last = it == restore_.end() ? 0 : it->second;
  return now - last > p_.retention;
}

void DramRef::sense(uint64_t now, unsigned bank, unsigned row) {
  if (!p_.retention) return;
  if (row_decayed(now, bank, row)) {
    ++repoch_[meta(bank, row)];
    ++counts_.decays;
  }
  restore_[meta(bank, row)] = now;
}

uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  return x ^ (x >> 16);
}

Flip hammer_flip(const Params& p, uint32_t n) {
  const uint32_t h = mix32(p.rh_seed + n);
  const unsigned k = h >> 16 & 31;
  const uint32_t ones = (1u << p.rh_bits) - 1;
  return Flip{h & (p.columns - 1), (ones << k) | (k ? ones >> (32 - k) : 0)};
}

// ACT of `row`: its own count restarts, rows row-1, row+1, row-2, ... up to
// the radius are disturbed; the one that reaches the threshold flips.
void DramRef::hammer(unsigned bank, unsigned row) {
  if (!p_.rh_enable) return;
  hc_[meta(bank, row)] = 0;
  for (unsigned d = 1; d <= p_.rh_radius; ++d) {
    for (int s = 0; s < 2; ++s) {
      const int64_t v = s == 0 ? int64_t(row) - d : int64_t(row) + d;
      if (v < 0 || v >= int64_t(p_.rows)) continue;
      ++counts_.rh_disturbances;
      uint32_t& c = hc_[meta(bank, unsigned(v))];
      if (c + 1 < p_.rh_threshold) {
        ++c;
        continue;
      }
      c = 0;
      const Flip f = hammer_flip(p_, ham_n_++);
      const uint32_t old = cell_read(bank, unsigned(v), f.col);
      if (p_.ecc && cell_stale(bank, unsigned(v), f.col))
        chk_[word(bank, unsigned(v), f.col)] = kEccLeakCheck;
      cell_write(bank, unsigned(v), f.col, old ^ f.mask, 0xf, false);
      ++counts_.rh_victims;
      counts_.rh_bits += p_.rh_bits;
    }
  }
}

uint32_t DramRef::cell_read(unsigned bank, unsigned row, unsigned col) const {
  const uint64_t w = word(bank, row, col);
  auto m = mem_.find(w);
  const uint32_t data = m == mem_.end() ? 0 : m->second;
  if (!p_.retention) return data;
  auto we = wepoch_.find(w);
  auto re = repoch_.find(meta(bank, row));
  const uint8_t wep = we == wepoch_.end() ? 0 : we->second;
  const uint8_t rep = re == repoch_.end() ? 0 : re->second;
  return wep == rep ? data : p_.leak_value;
}

bool DramRef::cell_stale(unsigned bank, unsigned row, unsigned col) const {
  if (!p_.retention) return false;
  auto we = wepoch_.find(word(bank, row, col));
  auto re = repoch_.find(meta(bank, row));
  return (we == wepoch_.end() ? 0 : we->second) != (re == repoch_.end() ? 0 : re->second);
}

void DramRef::cell_write(unsigned bank, unsigned row, unsigned col, uint32_t data, uint8_t sel,
                         bool encode) {
  const uint64_t w = word(bank, row, col);
  uint32_t v = cell_read(bank, row, col);
  for (int i = 0; i < 4; ++i)
    if (sel >> i & 1) v = (v & ~(0xffu << 8 * i)) | (data & (0xffu << 8 * i));
  mem_[w] = v;
  if (p_.ecc && encode) chk_[w] = ecc_check(v);
  if (p_.retention) {
    auto re = repoch_.find(meta(bank, row));
    wepoch_[w] = re == repoch_.end() ? 0 : re->second;
  }
}

DramRef::RWord DramRef::cell_fetch(uint64_t edge, unsigned bank, unsigned row, unsigned col) {
  const uint32_t raw = cell_read(bank, row, col);
  if (!p_.ecc) return RWord{edge, raw, false};
  const uint64_t w = word(bank, row, col);
  auto c = chk_.find(w);
  const uint8_t check = cell_stale(bank, row, col) ? kEccLeakCheck : c == chk_.end() ? 0 : c->second;
  const EccWord d = ecc_decode(raw, check);
  if (d.ce) {
    ++counts_.ecc_corrected;
    cell_write(bank, row, col, d.data, 0xf);  // scrub: data, check bits, epoch
  }
  if (d.ue) ++counts_.ecc_uncorrectable;
  return RWord{edge, d.data, d.ue};
}

void DramRef::inject(uint32_t offset, uint32_t data_xor, uint8_t check_xor) {
  if ((offset >> 2) >= uint64_t(p_.banks) * p_.rows * p_.columns || !p_.ecc) return;
  const Loc l = map_address(p_, offset);
  const uint64_t w = word(l.bank, l.row, l.col);
  mem_[w] ^= data_xor;  // raw cells, as the RTL's inject: no epoch check
  chk_[w] ^= check_xor & 0x7f;
}

// The position of a bit of the (39,32) codeword, 1..38 for data and
// c0..c5 (c6, the overall parity, has none): data bit k takes the k-th
// position that is not a power of two.
static unsigned ecc_data_pos(unsigned k) {
  unsigned p = 2;
  for (unsigned n = 0; n <= k;) {
    ++p;
    if (p & (p - 1)) ++n;
  }
  return p;
}

// Check bit i (0..5) covers the data bits whose position has bit i set:
// the syndrome of a word is the XOR of the positions of its set bits.
uint8_t ecc_check(uint32_t data) {
  unsigned syn = 0;
  for (unsigned k = 0; k < 32; ++k)
    if (data >> k & 1) syn ^= ecc_data_pos(k);
  const unsigned par = __builtin_parity(data) ^ __builtin_parity(syn);
  return uint8_t(syn | par << 6);
}

EccWord ecc_decode(uint32_t data, uint8_t check) {
  const unsigned s = (ecc_check(data) ^ check) & 0x3f;
  const bool odd = __builtin_parity(data) ^ __builtin_parity(check & 0x7f);
  if (!odd) return EccWord{data, false, s != 0};
  for (unsigned k = 0; k < 32; ++k)
    if (ecc_data_pos(k) == s) return EccWord{data ^ (1u << k), true, false};
  if (s == 0 || (s & (s - 1)) == 0) return EccWord{data, true, false};  // a check bit
  return EccWord{data, false, true};  // no single bit gives this syndrome
}

void DramRef::poke(uint64_t after, uint32_t offset, uint32_t data, uint32_t mask) {
  if ((offset >> 2) >= uint64_t(p_.banks) * p_.rows * p_.columns) return;
  const Loc l = map_address(p_, offset);
  const uint64_t now = after;  // dram_cells' clock after edge `after`
  if (p_.retention) {
    const bool open = open_[l.bank] && open_row_[l.bank] == l.row;
    if (!open && row_decayed(now, l.bank, l.row)) {
      ++repoch_[meta(l.bank, l.row)];
      ++counts_.decays;
    }
    restore_[meta(l.bank, l.row)] = now;
  }
  cell_write(l.bank, l.row, l.col, data, uint8_t(mask));
}

uint32_t DramRef::peek(uint64_t after, uint32_t offset) const {
  if ((offset >> 2) >= uint64_t(p_.banks) * p_.rows * p_.columns) return 0;
  const Loc l = map_address(p_, offset);
  const bool open = open_[l.bank] && open_row_[l.bank] == l.row;
  if (p_.retention && !open && row_decayed(after, l.bank, l.row)) return p_.leak_value;
  return cell_read(l.bank, l.row, l.col);
}

// dram_ctrl.sv (and the device's side effects at the same edge)
DramRef::EdgeOut DramRef::edge(uint64_t e, bool stb, const Request& req, bool cyc_held) {
  const unsigned Q = p_.queue_depth, B = p_.banks, BL = p_.burst_words;
  const bool cyc = stb || cyc_held;
  EdgeOut out;
  // ---- readiness (only when a request waits); followers ride on leaders
  std::vector<bool> waiting(Q), sched(Q), hit(Q), blocked(Q), col_ok(Q), act_ok(Q), pre_ok(Q);
  std::vector<bool> bank_has_hit(B), bank_wanted(B);
  bool any_waiting = false;
  for (unsigned i = 0; i < Q; ++i) {
    waiting[i] = q_[i].valid && !q_[i].issued;
    sched[i] = waiting[i] && !q_[i].fol;
    any_waiting = any_waiting || waiting[i];
  }
  // a write group still open takes more beats: its WR waits
  auto open_group = [&](const Entry& x) { return g_open_ && x.gid == g_gid_ && g_k_ < g_n_; };
  const bool faw_ok = faw_[faw_ptr_] == 0;
  if (any_waiting) {
    for (unsigned i = 0; i < Q; ++i) {
      const Bank& bk = b_[q_[i].bank];
      hit[i] = bk.open && bk.row == q_[i].row;
      blocked[i] = q_[i].dep != 0;
      if (waiting[i]) {
        bank_wanted[q_[i].bank] = true;
        if (hit[i]) bank_has_hit[q_[i].bank] = true;
      }
    }
    for (unsigned i = 0; i < Q; ++i) {
      const Bank& bk = b_[q_[i].bank];
      const unsigned g = p_.group(q_[i].bank);
      col_ok[i] = hit[i] && bk.col_cnt == 0 && (q_[i].we ? wr_g_[g] == 0 : rd_g_[g] == 0) &&
                  !(q_[i].we && open_group(q_[i]));
      act_ok[i] = !bk.open && bk.act_cnt == 0 && act_g_[g] == 0 && faw_ok;
      pre_ok[i] = bk.open && !hit[i] && bk.pre_cnt == 0 && !bank_has_hit[q_[i].bank];
    }
  }
  // ---- scheduler
  bool any_open = false, all_open_may_close = true, all_may_act = true;
  for (unsigned b = 0; b < B; ++b) {
    any_open = any_open || b_[b].open;
    if (b_[b].open && b_[b].pre_cnt) all_open_may_close = false;
    if (b_[b].act_cnt) all_may_act = false;
  }
  const bool ref_go = p_.refresh && (ref_mode_ || (owed_ && (!any_waiting || owed_ > p_.max_postponed)));
  bool pick_col = false, pick_row = false, pick_idle = false;
  unsigned pick = head_, idle_bank = 0;
  if (any_waiting) {
    if (p_.scheduler == kFcfs) {
      for (unsigned k = 0; k < Q; ++k) {
        const unsigned i = (head_ + k) % Q;
        if (!sched[i]) continue;
        pick = i;
        const Bank& bk = b_[q_[i].bank];
        if (col_ok[i]) pick_col = true;
        else if (act_ok[i] || (bk.open && !hit[i] && bk.pre_cnt == 0)) pick_row = true;
        break;
      }
    } else {
      for (unsigned k = 0; k < Q && !pick_col; ++k) {
        const unsigned i = (head_ + k) % Q;
        if (sched[i] && !blocked[i] && col_ok[i]) pick_col = true, pick = i;
      }
      for (unsigned k = 0; k < Q && !pick_col && !pick_row; ++k) {
        const unsigned i = (head_ + k) % Q;
        if (sched[i] && !blocked[i] && (act_ok[i] || pre_ok[i])) pick_row = true, pick = i;
      }
    }
  }
  if (p_.page_policy == kAdaptive && any_open) {
    for (unsigned b = 0; b < B && !pick_idle; ++b) {
      if (b_[b].open && !bank_wanted[b] && b_[b].pre_cnt == 0 && b_[b].idle >= p_.adaptive_idle)
        pick_idle = true, idle_bank = b;
    }
  }
  // RowHammer mitigations: after refresh, before every request
  unsigned mb = 0, mrow = 0;
  const bool mit_go = mit_want(&mb, &mrow) && !ref_go && !b_[mb].open && b_[mb].act_cnt == 0 &&
                      act_g_[p_.group(mb)] == 0 && faw_ok;
  const Entry& pe = q_[pick];
  const bool pick_ap = p_.page_policy == kClosed ||
                       (p_.page_policy == kAdaptive && b_[pe.bank].hits + 1 >= p_.adaptive_max_hits);
  Cmd cmd = Cmd::kNop;
  unsigned cb = pe.bank, crow = pe.row;  // the command's bank and ACT row
  if (ref_go) {
    cb = 0;
    if (any_open) {
      if (all_open_may_close) cmd = Cmd::kPrea;
    } else if (all_may_act) {
      cmd = Cmd::kRef;
    }
  } else if (mit_go) {
    cmd = Cmd::kAct;
    cb = mb;
    crow = mrow;
  } else if (pick_col) {
    cmd = pe.we ? (pick_ap ? Cmd::kWra : Cmd::kWr) : (pick_ap ? Cmd::kRda : Cmd::kRd);
  } else if (pick_row) {
    cmd = b_[pe.bank].open ? Cmd::kPre : Cmd::kAct;
  } else if (pick_idle) {
    cmd = Cmd::kPre;
    cb = idle_bank;
  }
  out.cmd = cmd;
  const bool col = is_rd(cmd) || is_wr(cmd);
  // words of the column command: a write group's beats, a read leader's
  // block from its column on, 1 for a classic request
  const unsigned len = pe.we ? pe.len : pe.lead ? BL - pe.col % BL : 1;
  auto max_len = [&](uint64_t v) { return std::max<uint64_t>(v, len); };

  // ---- device: rules, then the command's effect on cells
  violations_ |= checker_.check(e, cmd, cb) | checker_.tick(e, cmd);
  checker_.take(e, cmd, cb);
  if (cmd != Cmd::kNop) cmds_.push_back(Command{e, cmd, cb, crow, pe.col, col ? len : 1});
  const uint64_t now = cells_now(e);
  // read data sampled at this edge (issued CL edges ago)
  bool rvalid = false;
  uint32_t rdata = 0;
  bool rerr = false;
  if (!rpipe_.empty() && rpipe_.front().edge == e) {
    rvalid = true;
    rdata = rpipe_.front().data;
    rerr = rpipe_.front().ue;
    rpipe_.pop_front();
  }
  // auto-precharges that fire at this edge (dram_bank ApPending -> pre_o)
  for (unsigned b = 0; b < B; ++b) {
    if (ap_at_[b] == e) {
      if (p_.retention) restore_[meta(b, open_row_[b])] = now;
      open_[b] = false;
      ap_at_[b] = 0;
    }
  }
  // refresh row walk (dram_device): at the REF edge and RowsPerRef-1 after
  if (cmd == Cmd::kRef || ref_left_) {
    for (unsigned b = 0; b < B; ++b) {
      sense(now, b, ref_row_);
      hc_.erase(meta(b, ref_row_));
    }
    ref_left_ = cmd == Cmd::kRef ? p_.rows_per_ref - 1 : ref_left_ - 1;
    ref_row_ = (ref_row_ + 1) % p_.rows;
  }
  uint64_t ap_wait = 0;
  if (cmd == Cmd::kAct) {
    sense(now, cb, crow);
    hammer(cb, crow);
    open_[cb] = true;
    open_row_[cb] = crow;
  } else if (col) {
    const uint64_t col_v = max_len(is_rd(cmd) ? p_.rtp : p_.cwl + p_.burst + p_.wr);
    ap_wait = std::max(b_[cb].pre_cnt, col_v);
    if (is_rd(cmd)) rpipe_.push_back(cell_fetch(e + p_.cl, cb, open_row_[cb], pe.col));
    else cell_write(cb, open_row_[cb], pe.col, pe.wdata, pe.sel);
    if (is_ap(cmd)) ap_at_[cb] = e + ap_wait;
  }
  // the device's burst sequencer: word k of a RD/WR at edge t + k; a
  // write's word comes from the controller's queue slot (ws_slot_)
  if (bs_left_ && !col) {
    if (bs_we_) {
      const Entry& w = q_[ws_slot_];
      cell_write(bs_bank_, open_row_[bs_bank_], bs_col_, w.wdata, w.sel);
    } else {
      rpipe_.push_back(cell_fetch(e + p_.cl, bs_bank_, open_row_[bs_bank_], bs_col_));
    }
  }
  if (col) {
    bs_left_ = len - 1, bs_we_ = is_wr(cmd), bs_bank_ = cb, bs_col_ = pe.col + 1;
  } else if (bs_left_) {
    --bs_left_, ++bs_col_;
  }
  if (cmd == Cmd::kPre || cmd == Cmd::kPrea) {
    for (unsigned b = 0; b < B; ++b) {
      if ((cmd == Cmd::kPrea || b == cb) && open_[b]) {
        if (p_.retention) restore_[meta(b, open_row_[b])] = now;
        open_[b] = false;
      }
    }
  }

  // ---- bus: ack of the head, accept at the tail
  Entry& h = q_[head_];
  // word rt_k_ of the head read tag: to slot + rt_k_ if that slot holds
  // the group's beat rt_k_ (a beat not yet accepted misses it)
  unsigned rd_slot = 0;
  bool rd_match = false, deliv_now = false;
  if (rvalid && !rt_.empty()) {
    const ReadTag& t = rt_.front();
    rd_slot = (t.slot + rt_k_) % Q;
    rd_match = q_[rd_slot].valid && q_[rd_slot].gid == t.gid && q_[rd_slot].k == rt_k_;
    deliv_now = t.gid == g_gid_;
  }
  const bool ack_rd = rvalid && rd_match && rd_slot == head_;
  const bool ack_wr = is_wr(cmd) && pick == head_;
  const bool resp = h.valid && (h.done || ack_rd || ack_wr);
  const bool resp_err = ack_rd ? rerr : h.rerr;
  out.ack = resp && !resp_err;
  out.err = resp && resp_err;
  out.rdata = !resp ? 0 : ack_rd ? rdata : h.rdata;
  out.accepted = stb && count_ < Q;

  // ---- controller state updates (dram_ctrl.sv always_comb _d / always_ff)
  std::vector<bool> closing(B);
  for (unsigned b = 0; b < B; ++b)
    closing[b] = ((cmd == Cmd::kPre && cb == b) || cmd == Cmd::kPrea) && b_[b].open;
  if (col) {
    ++counts_.cls[is_wr(cmd)][pe.preed ? 2 : pe.acted ? 1 : 0];
    q_[pick].cls = pe.preed ? 2 : pe.acted ? 1 : 0;
  }
  if (cmd == Cmd::kAct) ++counts_.act, ++counts_.bank_act[cb];
  if (cmd == Cmd::kRef) ++counts_.ref;
  for (unsigned b = 0; b < B; ++b)
    if (closing[b] || (is_ap(cmd) && cb == b)) ++counts_.pre, ++counts_.bank_pre[b];

  std::vector<Bank> nb = b_;
  for (unsigned b = 0; b < B; ++b) {
    nb[b].act_cnt = dec(b_[b].act_cnt);
    nb[b].col_cnt = dec(b_[b].col_cnt);
    nb[b].pre_cnt = dec(b_[b].pre_cnt);
    if (p_.page_policy == kAdaptive && b_[b].idle < p_.adaptive_idle) nb[b].idle = b_[b].idle + 1;
  }
  const unsigned G = p_.bank_groups;
  std::vector<uint64_t> n_act(G), n_rd(G), n_wr(G);
  for (unsigned g = 0; g < G; ++g) n_act[g] = dec(act_g_[g]), n_rd[g] = dec(rd_g_[g]), n_wr[g] = dec(wr_g_[g]);
  uint64_t n_faw[4];
  for (int i = 0; i < 4; ++i) n_faw[i] = dec(faw_[i]);
  if (cmd == Cmd::kAct) {
    Bank& x = nb[cb];
    x.open = true;
    x.row = crow;
    x.act_cnt = std::max<uint64_t>(x.act_cnt, p_.rc - 1);
    x.col_cnt = std::max<uint64_t>(x.col_cnt, p_.rcd - 1);
    x.pre_cnt = std::max<uint64_t>(x.pre_cnt, p_.ras - 1);
    x.hits = 0;
    x.idle = 0;
    for (unsigned g = 0; g < G; ++g)
      n_act[g] = std::max<uint64_t>(n_act[g], (g == p_.group(cb) ? p_.rrd_between(cb, cb) : p_.rrd) - 1);
    n_faw[faw_ptr_] = p_.faw - 1;
  }
  if (col) {
    Bank& x = nb[cb];
    const uint64_t col_v = max_len(is_rd(cmd) ? p_.rtp : p_.cwl + p_.burst + p_.wr);
    x.pre_cnt = std::max<uint64_t>(x.pre_cnt, col_v - 1);
    x.hits = b_[cb].hits + 1;
    x.idle = 0;
    for (unsigned g = 0; g < G; ++g) {
      const bool same = g == p_.group(cb);
      const unsigned ccd = same ? p_.ccd_between(cb, cb) : p_.ccd;
      const unsigned wtr = same ? p_.wtr_between(cb, cb) : p_.wtr;
      if (is_rd(cmd)) {
        n_rd[g] = std::max<uint64_t>(n_rd[g], max_len(ccd) - 1);
        n_wr[g] = std::max<uint64_t>(n_wr[g], max_len(std::max(p_.rtw, ccd)) - 1);
      } else {
        n_wr[g] = std::max<uint64_t>(n_wr[g], max_len(ccd) - 1);
        n_rd[g] = std::max<uint64_t>(n_rd[g], max_len(std::max(p_.cwl + p_.burst + wtr, ccd)) - 1);
      }
    }
    if (is_ap(cmd)) {
      x.open = false;
      x.act_cnt = std::max<uint64_t>(x.act_cnt, ap_wait + p_.rp - 1);
    }
  }
  for (unsigned b = 0; b < B; ++b) {
    if (closing[b]) {
      nb[b].open = false;
      nb[b].act_cnt = std::max<uint64_t>(nb[b].act_cnt, p_.rp - 1);
      nb[b].idle = 0;
    }
    if (cmd == Cmd::kRef) nb[b].act_cnt = std::max<uint64_t>(nb[b].act_cnt, p_.rfc - 1);
  }
  // queue flags
  for (unsigned i = 0; i < Q; ++i) {
    if (!waiting[i]) continue;
    if (cmd == Cmd::kAct && q_[i].bank == cb && q_[i].row == crow) q_[i].acted = true;
    if (closing[q_[i].bank]) q_[i].preed = true;
  }
  // the picked request and its group's beats now queued go together
  uint32_t grp = 0;
  if (col) {
    for (unsigned i = 0; i < Q; ++i)
      if (q_[i].valid && q_[i].gid == pe.gid) grp |= 1u << i;
  }
  const bool g_issued_now = g_issued_ || (col && pe.gid == g_gid_);
  const uint8_t pick_gid = pe.gid;
  if (col) {
    for (unsigned i = 0; i < Q; ++i) {
      if (!(grp >> i & 1)) continue;
      q_[i].issued = true;
      if (is_wr(cmd)) q_[i].done = true;
    }
    if (is_rd(cmd)) rt_.push_back(ReadTag{pick, pe.gid, len});
    for (unsigned i = 0; i < Q; ++i) q_[i].dep &= ~grp;
    if (is_wr(cmd)) ws_left_ = len - 1, ws_slot_ = (pick + 1) % Q;
  } else if (ws_left_) {
    --ws_left_, ws_slot_ = (ws_slot_ + 1) % Q;
  }
  if (rvalid) {
    if (rd_match) {
      q_[rd_slot].rdata = rdata;
      q_[rd_slot].rerr = rerr;
      q_[rd_slot].done = true;
    }
    if (++rt_k_ == rt_.front().len) rt_.pop_front(), rt_k_ = 0;
  }
  if (resp) {
    q_[head_].valid = false;
    head_ = (head_ + 1) % Q;
    --count_;
    if (q_[(head_ + Q - 1) % Q].we) ++counts_.writes;
    else ++counts_.reads;
  }
  if (out.accepted) {
    const Loc l = map_address(p_, req.offset);
    // a burst beat joins the open group if it continues it (and, for a
    // read, its word has not streamed past); else cti 010 leads a new one
    const bool burst_beat = req.cti == kBurst || req.cti == kBurstEnd;
    const bool join = burst_beat && g_open_ && req.we == g_we_ && req.offset == g_adr_ &&
                      g_k_ < g_n_ && (req.we || g_deliv_ + deliv_now <= g_k_);
    const bool lead = req.cti == kBurst && !join;
    uint32_t dep = 0;
    for (unsigned j = 0; j < Q && !join; ++j)
      if (waiting[j] && q_[j].bank == l.bank && q_[j].row == l.row &&
          (lead ? q_[j].col / BL == l.col / BL : q_[j].col == l.col) && !(grp >> j & 1))
        dep |= 1u << j;
    Entry& t = q_[tail_];
    t = Entry{};
    t.valid = true;
    t.we = req.we;
    t.bank = l.bank;
    t.row = l.row;
    t.col = l.col;
    t.wdata = req.wdata;
    t.sel = req.sel;
    t.t0 = e;
    t.dep = dep;
    t.fol = join;
    t.lead = lead;
    t.issued = join && g_issued_now;
    if (join) {
      t.gid = g_gid_;
      t.k = g_k_;
      q_[g_lead_].len = g_k_ + 1;
      ++g_k_;
      if (deliv_now) ++g_deliv_;
      g_issued_ = g_issued_now;
    } else {
      t.gid = ++g_gid_;
      g_lead_ = tail_;
      g_k_ = 1;
      g_n_ = lead ? BL - l.col % BL : 1;
      g_deliv_ = 0;
      g_issued_ = false;
    }
    g_adr_ = req.offset + 4;
    g_we_ = req.we;
    tail_ = (tail_ + 1) % Q;
    ++count_;
  } else {
    if (deliv_now) ++g_deliv_;
    if (col && pick_gid == g_gid_) g_issued_ = true;
  }
  g_open_ = cyc && (out.accepted ? req.cti == kBurst : g_open_);
  mit_step(cmd == Cmd::kAct, cmd == Cmd::kPre || is_ap(cmd), cb,
           cmd == Cmd::kAct ? crow : b_[cb].row, mit_go);
  b_ = nb;
  act_g_ = n_act;
  rd_g_ = n_rd;
  wr_g_ = n_wr;
  for (int i = 0; i < 4; ++i) faw_[i] = n_faw[i];
  if (cmd == Cmd::kAct) faw_ptr_ = (faw_ptr_ + 1) & 3;
  if (p_.refresh) {
    const bool boundary = refi_ == 0;
    refi_ = boundary ? p_.refi - 1 : refi_ - 1;
    owed_ = owed_ + boundary - (cmd == Cmd::kRef);
    ref_mode_ = ref_go && cmd != Cmd::kRef;
  }
  next_edge_ = e + 1;
  return out;
}

// dram_mitig.sv.  The head of the FIFO wants an ACT of its row (PARA) or
// of its aggressor's k-th neighbour r-1, r+1, r-2, ... (TRR); a TRR
// neighbour that does not exist is skipped by mit_step.
bool DramRef::mit_want(unsigned* bank, unsigned* row) const {
  if (mit_.empty()) return false;
  const MitEntry& h = mit_.front();
  *bank = h.bank;
  if (!h.trr) {
    *row = h.row;
    return true;
  }
  const int64_t d = mit_k_ / 2 + 1;
  const int64_t v = mit_k_ % 2 ? int64_t(h.row) + d : int64_t(h.row) - d;
  if (v < 0 || v >= int64_t(p_.rows)) return false;
  *row = unsigned(v);
  return true;
}

void DramRef::mit_step(bool act, bool close, unsigned bank, unsigned row, bool taken) {
  if (!p_.para && !p_.trr_threshold) return;
  unsigned vb, vr;
  const bool head = !mit_.empty();
  const bool head_trr = head && mit_.front().trr;
  // the head advances when its ACT goes or its row does not exist
  const bool adv = head && (taken || !mit_want(&vb, &vr));
  if (taken) ++(head_trr ? counts_.trr_acts : counts_.para_acts);
  bool pop = false;
  if (adv) {
    pop = !head_trr || mit_k_ + 1 >= 2 * p_.mit_radius;
    mit_k_ = pop ? 0 : mit_k_ + 1;
  }
  // PARA: one xorshift32 step per closed row
  std::optional<MitEntry> push;
  if (p_.para && close) {
    uint32_t x = mit_x_;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    mit_x_ = x;
    if ((x & 0xffff) < p_.para) {
      const unsigned d = (x >> 16 & 0xff) % p_.mit_radius + 1;
      unsigned v;
      if (x >> 24 & 1) v = row + d < p_.rows ? row + d : row - d;
      else v = row >= d ? row - d : row + d;
      push = MitEntry{bank, v, false};
    }
  }
  // TRR: Misra-Gries counts of the ACTs
  if (p_.trr_threshold && act) {
    TrrEntry* hit = nullptr;
    TrrEntry* free_e = nullptr;
    for (TrrEntry& t : trr_) {
      if (!hit && t.valid && t.bank == bank && t.row == row) hit = &t;
      if (!free_e && !t.valid) free_e = &t;
    }
    if (hit) {
      if (hit->cnt + 1 >= p_.trr_threshold) {
        hit->cnt = 0;
        push = MitEntry{bank, row, true};
      } else {
        ++hit->cnt;
      }
    } else if (free_e) {
      *free_e = TrrEntry{true, bank, row, 1};
    } else {
      for (TrrEntry& t : trr_) {
        if (t.cnt <= 1) t.valid = false;  // a count just restarted at 0 too
        else --t.cnt;
      }
    }
  }
  if (pop) mit_.pop_front();
  if (push) {
    if (mit_.size() < 4) mit_.push_back(*push);  // the FIFO holds four
    else ++counts_.mit_dropped;
  }
}

void DramRef::idle_until(uint64_t last) {
  while (next_edge_ <= last) edge(next_edge_, false, Request{});
}

std::vector<Completion> DramRef::run(const std::vector<Request>& reqs, uint64_t first,
                                     uint64_t max_edges) {
  std::vector<Completion> done(reqs.size());
  idle_until(first - 1);
  size_t next = 0, acked = 0;
  uint64_t ready = 0;  // edge from which the next request may be presented
  std::deque<size_t> outstanding;
  bool in_burst = false;  // cyc held from a burst's first beat to its last
  for (uint64_t e = next_edge_; acked < reqs.size() && e < first + max_edges; ++e) {
    const bool stb = next < reqs.size() && e >= std::max(ready, reqs[next].not_before);
    EdgeOut o = edge(e, stb, stb ? reqs[next] : Request{}, in_burst);
    if (o.accepted) in_burst = reqs[next].cti == kBurst;
    if (o.ack || o.err) {
      const size_t k = outstanding.front();
      outstanding.pop_front();
      done[k].ack = e;
      done[k].rdata = o.rdata;
      done[k].err = o.err;
      ++acked;
    }
    if (o.accepted) {
      done[next].accept = e;
      outstanding.push_back(next);
      ++next;
      ready = e + 1;
    }
  }
  return done;
}

}  // namespace mmcosim::dram

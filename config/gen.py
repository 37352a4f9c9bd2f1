#!/usr/bin/env python3
"""Generate RTL, C/C++ and firmware headers from config/*.toml.

config/<name>.toml is one named configuration; `inherit = "other"` takes the
other file's values first.  Every key is checked against SCHEMA below:
unknown keys, missing keys and illegal values are refused with a one-line
error naming the key.  Outputs (all generated, never edited by hand):

  config/gen/<name>/mmcosim_cfg.svh   Verilog `defines for the RTL
  config/gen/<name>/mmcosim_cfg.h     C #defines for firmware and C++
  config/gen/<name>/mmcosim_cfg.ld    linker-script symbols for firmware
  config/gen/config_table.cc          every configuration, for --config=NAME
  config/gen/config_table.h           the struct those entries fill

Usage: gen.py [--check]   (--check: exit 1 if an output is stale)
       gen.py --validate FILE.toml...   check files only, write nothing
                                        (exit 2 and one line naming the key)
       gen.py --out DIR FILE.toml...    every config/*.toml plus the given
                                        files (named after their basenames)
                                        into DIR instead of config/gen; the
                                        sweeps' per-point builds (bench/
                                        mmcosim-sweep, CMake MMCOSIM_GEN)
"""
import hashlib
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "gen")


def pow2(v):
    return v > 0 and (v & (v - 1)) == 0


def pow2_ge2(v):
    return v >= 2 and pow2(v)


def positive(v):
    return v > 0


def nonneg(v):
    return v >= 0


def word_aligned(v):
    return v >= 0 and v % 4 == 0


def priv(v):
    return v in (0, 1, 3)


def boolean(v):
    return v in (0, 1)


def bit_index(v):
    return 0 <= v < 32


def u32(v):
    return 0 <= v < 1 << 32


def page_aligned(v):
    return v >= 0 and v % 4096 == 0


def megapage_aligned(v):
    return 0 < v < 1 << 32 and v % (1 << 22) == 0


def at_least_2(v):
    return v >= 2


class Choice:
    """A key whose value is one of `names` in the TOML file; it becomes the
    name's index (0, 1, ...) in every generated file."""

    def __init__(self, *names):
        self.names = names
        self.__name__ = "one of " + ", ".join(f'"{n}"' for n in names)

    def __call__(self, v):
        return 0 <= v < len(self.names)


def mib4_multiple(v):
    return v >= 0 and v % (4 << 20) == 0


mib4_multiple.__name__ = "a multiple of 4 MiB (one pageblock), 0 or more"


def between(lo, hi):
    def check(v):
        return lo <= v <= hi
    check.__name__ = f"in {lo}..{hi}"
    return check


def pow2_between(lo, hi):
    def check(v):
        return pow2(v) and lo <= v <= hi
    check.__name__ = f"power of two in {lo}..{hi}"
    return check


DRAM_MAX_BANKS = 8      # config/stats.toml lists dram.bank0 .. bank7

# section -> key -> (check, description, rtl)
# rtl=True: the value is a parameter of the Verilated RTL, fixed at build
# time; the simulator refuses a runtime --config whose RTL values differ.
SCHEMA = {
    "clock": {
        "cpu_mhz": (positive, "core clock in MHz (DRAM timings are converted with it)", True),
        "mtime_divider": (positive, "core cycles per mtime tick", False),
    },
    "memory_map": {
        "clint_base": (pow2, "CLINT base address", True),
        "clint_size": (pow2, "CLINT window size", True),
        "uart_base": (pow2, "UART base address", True),
        "uart_size": (pow2, "UART window size", True),
        "simctl_base": (word_aligned, "simctl base address", True),
        "simctl_size": (pow2, "simctl window size", True),
        "dram_base": (pow2, "DRAM base address", True),
        "dram_size": (pow2, "DRAM size in bytes", True),
    },
    "mem": {
        "sram": (boolean, "1: SRAM stand-in instead of the DRAM (comparison)", True),
        "latency": (nonneg, "extra wait cycles of the SRAM stand-in", True),
    },
    "cpu": {
        "hart_id": (nonneg, "mhartid", False),
        "reset_priv": (priv, "privilege mode at reset (3=M)", False),
        "misaligned": (boolean, "1: misaligned loads/stores done as aligned parts, each "
                       "translated (Spike); 0: they trap (cause 4/6)", False),
        "triggers": (between(0, 16), "Sdtrig mcontrol6 debug triggers (tselect range)", False),
    },
    "cpu.latency": {
        k: (positive, f"base cycles: {k.replace('_', ' ')}", False)
        for k in ("alu", "branch_not_taken", "branch_taken", "jump", "load",
                  "store", "mul", "div", "csr", "amo", "fence", "system",
                  "trap")
    },
    "uart": {
        "reg_thr": (nonneg, "UART transmit holding register offset", False),
        "reg_lsr": (nonneg, "UART line status register offset", False),
        "lsr_thre_bit": (bit_index, "LSR bit: transmit holding empty", False),
        "lsr_temt_bit": (bit_index, "LSR bit: transmitter empty", False),
    },
    # --- Sv32 page-table format and the MMU (issue 4) ---
    "sv32": {
        "page_shift": (positive, "log2 of the 4 KiB page size", True),
        "megapage_shift": (positive, "log2 of the 4 MiB megapage size", True),
        "levels": (positive, "page-table levels", True),
        "vpn_bits": (positive, "bits per virtual page number field", True),
        "pte_bytes": (pow2, "bytes per page-table entry", True),
        "pte_ppn_shift": (nonneg, "PTE bit where the PPN starts", True),
        "asid_bits": (positive, "ASID width in satp", True),
        "ppn_bits": (positive, "PPN width in a PTE and in satp (34-bit physical addresses)", True),
        "satp_mode_bit": (bit_index, "satp bit holding MODE (1 = Sv32)", True),
        "satp_asid_lsb": (bit_index, "satp bit where the ASID starts", True),
        "pte_v_bit": (bit_index, "PTE bit V (valid)", True),
        "pte_r_bit": (bit_index, "PTE bit R (readable)", True),
        "pte_w_bit": (bit_index, "PTE bit W (writable)", True),
        "pte_x_bit": (bit_index, "PTE bit X (executable)", True),
        "pte_u_bit": (bit_index, "PTE bit U (user)", True),
        "pte_g_bit": (bit_index, "PTE bit G (global)", True),
        "pte_a_bit": (bit_index, "PTE bit A (accessed)", True),
        "pte_d_bit": (bit_index, "PTE bit D (dirty)", True),
    },
    "mmu": {
        "itlb_entries": (pow2_ge2, "I-TLB entries (fully associative)", True),
        "dtlb_entries": (pow2_ge2, "D-TLB entries (fully associative)", True),
        "svadu": (boolean, "hardware A/D update available (menvcfg.ADUE)", True),
    },
    # --- L1 caches (issue 9, rtl/cache, docs/cache.md) ---
    # Virtually indexed, physically tagged: set index and line offset must
    # lie inside the page offset (one way <= 4 KiB), checked in
    # validate_cache().
    "cache": {
        "enable": (boolean, "1: L1 I-cache and D-cache between the MMU and the bus; "
                   "0: uncached machine (comparison)", True),
        "icache_size": (pow2_between(64, 1 << 20), "I-cache size in bytes", True),
        "icache_ways": (pow2_between(1, 16), "I-cache ways (tree pseudo-LRU)", True),
        "icache_line": (pow2_between(8, 128), "I-cache line size in bytes", True),
        "dcache_size": (pow2_between(64, 1 << 20), "D-cache size in bytes", True),
        "dcache_ways": (pow2_between(1, 16), "D-cache ways (tree pseudo-LRU)", True),
        "dcache_line": (pow2_between(8, 128), "D-cache line size in bytes", True),
    },
    # --- DRAM device and controller (issue 3) ---
    # Geometry and policies.  One column is one 32-bit bus word; banks x
    # rows x columns x 4 bytes must equal memory_map.dram_size.
    "dram": {
        "banks": (pow2_between(2, DRAM_MAX_BANKS), "banks (all-bank refresh)", True),
        "bank_groups": (pow2_between(1, DRAM_MAX_BANKS), "DDR4 bank groups (bank b is in group "
                        "b mod bank_groups; 1: DDR3, no groups, the _L timings unused)", True),
        "rows": (pow2_between(2, 1 << 20), "rows per bank", True),
        "columns": (pow2_between(4, 1 << 16), "32-bit columns per row (row buffer size / 4)", True),
        "addr_map": (Choice("row_bank_col", "bank_xor"),
                     "address mapping: row:bank:column, or bank XOR low row bits", True),
        "queue_depth": (pow2_between(2, 16), "controller request queue entries", True),
        "scheduler": (Choice("fcfs", "frfcfs"), "request scheduler", True),
        "page_policy": (Choice("open", "closed", "adaptive"), "row buffer policy", True),
        "adaptive_idle": (between(1, 65535), "adaptive page: close a bank idle this many core cycles", True),
        "adaptive_max_hits": (between(1, 65535), "adaptive page: auto-precharge at the Nth hit of a row", True),
        "refresh": (boolean, "1: controller refreshes (0 only for retention tests)", True),
        "rows_per_ref": (pow2, "rows of every bank refreshed by one REF", True),
        "max_postponed": (between(0, 8), "REF commands that may be postponed under load", True),
        "retention_ns": (nonneg, "cell retention time in ns (0: cells never decay)", True),
        "leak_value": (u32, "what a decayed 32-bit word reads back as", True),
        "narrow_timers": (boolean, "1: controller and bank timers are the narrowest safe width, "
                          "compared modulo 2^n (FPGA); 0: 64-bit (fastest to simulate)", True),
        "bus_regs": (boolean, "1: a request and a response register between the bus and the controller "
                     "(FPGA timing, +2 cycles an access); 0: none", True),
    },
    # RowHammer (docs/dram.md): every ACT disturbs the rows within `radius`
    # of the activated one in its bank; a victim disturbed `threshold` times
    # since its last ACT or refresh gets `bits` adjacent bits of one word
    # inverted, word and bit from a hash of `seed` and the number of
    # victims so far.  Needs the cells' bookkeeping (retention_ns != 0).
    "dram.rowhammer": {
        "enable": (boolean, "1: ACTs disturb neighbouring rows and flip their bits past the threshold", True),
        "threshold": (between(1, 65535), "disturbances (neighbour ACTs) of a victim row that flip its bits", True),
        "radius": (between(1, 4), "blast radius: rows on each side of an activated row it disturbs", True),
        "bits": (between(1, 4), "adjacent bits of one word inverted when a victim passes the threshold", True),
        "seed": (u32, "seed of the rule that picks the flipped word and bits", True),
    },
    # RowHammer mitigations of the controller (docs/dram.md, rtl/dram/dram_mitig.sv):
    # extra ACTs of the rows next to an aggressor, and more frequent refresh.
    "dram.mitigation": {
        "para": (between(0, 65535), "PARA: a closed row's neighbour is activated with "
                 "probability para/65536 (0: off)", True),
        "trr_threshold": (between(0, 65535), "TRR: ACTs of a tracked row that make the controller "
                          "activate its neighbours (0: off)", True),
        "trr_entries": (between(2, 16), "TRR: rows the counter table tracks", True),
        "radius": (between(1, 4), "rows on each side a mitigation activates (PARA picks one)", True),
        "seed": (u32, "seed of PARA's xorshift32 generator", True),
        "refresh_rate": (pow2_between(1, 8), "REFs per tREFI (1: JEDEC's rate; 2, 4, 8: "
                         "refresh more often, tREFI divided)", True),
    },
    # SEC-DED ECC (docs/dram.md): 7 check bits per 32-bit word stored in the
    # cells beside it (Hamming (39,32) + overall parity); single-bit errors
    # corrected on read and scrubbed back, double-bit errors a bus error.
    "dram.ecc": {
        "enable": (boolean, "1: SEC-DED check bits in the cells; single errors corrected, "
                   "double errors answered with a bus error", True),
    },
    # Currents and voltage of one device from its data sheet (IDD tests),
    # for the energy per command (docs/dram.md, in the manner of DRAMPower).
    "dram.power": {
        "vdd_mv": (positive, "VDD in mV", False),
        "idd0_ma": (positive, "IDD0: one bank ACT-PRE current, mA", False),
        "idd2n_ma": (positive, "IDD2N: precharge standby current, mA", False),
        "idd3n_ma": (positive, "IDD3N: active standby current, mA", False),
        "idd4r_ma": (positive, "IDD4R: burst read current, mA", False),
        "idd4w_ma": (positive, "IDD4W: burst write current, mA", False),
        "idd5b_ma": (positive, "IDD5B: burst refresh current, mA", False),
        "device_width": (pow2_between(4, 32), "data bits per device (x4, x8, x16): "
                         "32 / device_width devices form the 32-bit rank", False),
    },
    # Timing in DRAM clock cycles (tCK = 1000/clock_mhz ns), as data sheets
    # give it; gen.py converts each to core cycles (rounded up).
    "dram.timing": {
        "clock_mhz": (positive, "DRAM command clock in MHz (DDR data rate / 2)", True),
        "cl": (positive, "CAS latency: RD to data", True),
        "cwl": (positive, "CAS write latency: WR to data", True),
        "rcd": (positive, "tRCD: ACT to RD/WR", True),
        "rp": (positive, "tRP: PRE to ACT", True),
        "ras": (positive, "tRAS: ACT to PRE", True),
        "rc": (positive, "tRC: ACT to ACT, same bank", True),
        "ccd": (positive, "tCCD (DDR4 tCCD_S): column command to column command "
                "(other bank group)", True),
        "ccd_l": (positive, "tCCD_L: column command to column command, same bank group", True),
        "burst": (positive, "data bus cycles per burst (BL/2)", True),
        "rrd": (positive, "tRRD (DDR4 tRRD_S): ACT to ACT, different banks (other bank group)", True),
        "rrd_l": (positive, "tRRD_L: ACT to ACT, different banks of the same bank group", True),
        "faw": (positive, "tFAW: window holding at most four ACTs", True),
        "wr": (positive, "tWR: end of write data to PRE", True),
        "wtr": (positive, "tWTR (DDR4 tWTR_S): end of write data to RD (other bank group)", True),
        "wtr_l": (positive, "tWTR_L: end of write data to RD, same bank group", True),
        "rtp": (positive, "tRTP: RD to PRE", True),
        "rfc": (positive, "tRFC: REF to the next command", True),
        "refi": (positive, "tREFI: average refresh interval", True),
    },
    "clint": {
        "reg_msip": (word_aligned, "CLINT msip register offset", False),
        "reg_mtimecmp": (word_aligned, "CLINT mtimecmp (64-bit) offset", False),
        "reg_mtime": (word_aligned, "CLINT mtime (64-bit) offset", False),
    },
    # --- firmware kernel memory management (docs/kernel-mm.md) ---
    "mm": {
        "zone_dma_bytes": (mib4_multiple, "ZONE_DMA: the first N bytes of DRAM (0: no DMA zone)", False),
        "cma_bytes": (mib4_multiple, "CMA area reserved at boot, MIGRATE_CMA pageblocks (0: none)", False),
    },
    # --- the firmware kernel's virtual layout (issue 8, firmware/mm/memlayout.h) ---
    "kernel": {
        "page_offset": (megapage_aligned, "PAGE_OFFSET: kernel virtual address of the start of DRAM", False),
        "vmalloc_reserve": (page_aligned, "bytes kept for vmalloc below pkmap; lowmem ends below it (x86-32: 128 MiB)", False),
        "last_pkmap": (pow2, "LAST_PKMAP: kmap() slots in the pkmap area", False),
        "fix_kmap_slots": (positive, "fixmap slots for kmap_local_page/kmap_atomic (KM_MAX_IDX x NR_CPUS)", False),
        "fix_btmap_pages": (positive, "fixmap pages for early_ioremap (NR_FIX_BTMAPS)", False),
        "pte_io_bit": (bit_index, "PTE RSW bit of _PAGE_IO (software: an uncached I/O mapping)", False),
        "tlb_flush_all_threshold": (positive, "pages: a kernel/user range flush longer than this is one full SFENCE.VMA (RISC-V Linux: 64)", False),
        "lazy_max_pages": (positive, "pages of lazily freed vmalloc areas pending before one batched purge and TLB flush (Linux, one CPU: 32 MiB)", False),
        "asid_bits": (nonneg, "ASID bits the kernel's allocator uses (0: all of sv32.asid_bits); few bits force rollovers in tests", False),
    },
    "simctl": {
        k: (word_aligned, f"simctl register offset {k[4:]}", False)
        for k in ("reg_exit", "reg_region_begin", "reg_region_end",
                  "reg_trace", "reg_snapshot", "reg_counter_sel",
                  "reg_counter_lo", "reg_counter_hi", "reg_putchar",
                  "reg_marker")
    },
}


# Encodings of the CPU <-> memory-subsystem port (docs/ports.md).  They are
# the same for every configuration and emitted into every header.
PROTOCOL = {
    "kind_fetch": (0, "access kind: instruction fetch"),
    "kind_load": (1, "access kind: load"),
    "kind_store": (2, "access kind: store"),
    "kind_amo": (3, "access kind: AMO (read with we=0, then write we=1)"),
    "kind_lr": (4, "access kind: load-reserved"),
    "kind_sc": (5, "access kind: store-conditional"),
    "kind_sfence": (6, "SFENCE.VMA: addr=vaddr, wdata={asid,rs1_x0,rs2_x0}"),
    "kind_fencei": (7, "FENCE.I to the instruction side"),
    "size_byte": (0, "access size log2(bytes): 1 byte"),
    "size_half": (1, "access size: 2 bytes"),
    "size_word": (2, "access size: 4 bytes"),
    "size_block": (3, "cbo.*: the cache block at addr (kind load: wdata = cbo op; kind store: cbo.zero)"),
    "cbo_inval": (0, "cbo op (wdata, and the instruction's imm[11:0]): cbo.inval"),
    "cbo_clean": (1, "cbo op: cbo.clean"),
    "cbo_flush": (2, "cbo op: cbo.flush"),
    "cbo_zero": (4, "cbo op: cbo.zero (imm[11:0]; a kind-store block request)"),
    "sfence_rs2_x0_bit": (0, "SFENCE wdata bit: rs2 == x0 (all ASIDs)"),
    "sfence_rs1_x0_bit": (1, "SFENCE wdata bit: rs1 == x0 (all addresses)"),
    "sfence_asid_lsb": (2, "SFENCE wdata: ASID starts at this bit"),
    "cause_fetch_access": (1, "mcause: instruction access fault"),
    "cause_load_access": (5, "mcause: load access fault"),
    "cause_store_access": (7, "mcause: store/AMO access fault"),
    "cause_fetch_page": (12, "mcause: instruction page fault"),
    "cause_load_page": (13, "mcause: load page fault"),
    "cause_store_page": (15, "mcause: store/AMO page fault"),
}


class ConfigError(Exception):
    pass


def flatten(table, prefix=""):
    out = {}
    for k, v in table.items():
        name = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, name))
        else:
            out[name] = v
    return out


def load(name, seen=(), dirs=(HERE,)):
    """The flattened keys of config `name` (a name in `dirs`, or a path to a
    .toml file), its `inherit` chain resolved (looked up in the file's own
    directory first, then in `dirs`)."""
    if name.endswith(".toml"):
        path = name
        dirs = (os.path.dirname(os.path.abspath(path)),) + tuple(dirs)
    else:
        path = next((os.path.join(d, f"{name}.toml") for d in dirs
                     if os.path.exists(os.path.join(d, f"{name}.toml"))),
                    os.path.join(dirs[0], f"{name}.toml"))
    if name in seen:
        raise ConfigError(f"config '{name}': inherit cycle")
    if not os.path.exists(path):
        raise ConfigError(f"config '{name}': no file {path}")
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}")
    flat = flatten(raw)
    base = {}
    if "inherit" in flat:
        base = load(flat.pop("inherit"), seen + (name,), dirs)
    base.update(flat)
    return base


def validate(name, flat):
    known = {f"{s}.{k}" for s, keys in SCHEMA.items() for k in keys}
    for key in flat:
        if key == "description":
            continue
        if key not in known:
            raise ConfigError(f"config '{name}': unknown key '{key}'")
    for s, keys in SCHEMA.items():
        for k, (check, _, _) in keys.items():
            key = f"{s}.{k}"
            if key not in flat:
                raise ConfigError(f"config '{name}': missing key '{key}'")
            v = flat[key]
            if isinstance(check, Choice) and isinstance(v, str):
                if v not in check.names:
                    raise ConfigError(
                        f"config '{name}': key '{key}' = {v!r} is not "
                        f"{check.__name__}")
                v = flat[key] = check.names.index(v)
            if not isinstance(v, int) or isinstance(v, bool) or not check(v):
                raise ConfigError(
                    f"config '{name}': key '{key}' = {v!r} fails "
                    f"{check.__name__}")
    mm = "memory_map."
    regions = []
    for r in ("clint", "uart", "simctl", "dram"):
        b, sz = flat[mm + r + "_base"], flat[mm + r + "_size"]
        if b % sz and r != "simctl":
            raise ConfigError(f"config '{name}': key '{mm}{r}_base' is not "
                              f"aligned to its size")
        if b + sz > 1 << 32:
            raise ConfigError(f"config '{name}': key '{mm}{r}_size' runs "
                              f"past 4 GiB")
        regions.append((b, b + sz, r))
    regions.sort()
    for (b0, e0, r0), (b1, _, r1) in zip(regions, regions[1:]):
        if b1 < e0:
            raise ConfigError(f"config '{name}': regions {r0} and {r1} "
                              f"overlap")
    offs = [flat[f"simctl.{k}"] for k in SCHEMA["simctl"]]
    if len(set(offs)) != len(offs) or max(offs) >= flat[mm + "simctl_size"]:
        raise ConfigError(f"config '{name}': simctl register offsets must be "
                          f"distinct and inside simctl_size")
    k = "kernel."
    if flat[k + "pte_io_bit"] not in (8, 9):
        raise ConfigError(f"config '{name}': key '{k}pte_io_bit' must be an "
                          f"RSW bit (8 or 9)")
    if flat[k + "asid_bits"] > flat["sv32.asid_bits"]:
        raise ConfigError(f"config '{name}': key '{k}asid_bits' is more than "
                          f"satp holds (sv32.asid_bits = {flat['sv32.asid_bits']})")
    d0, d1 = flat[mm + "dram_base"], flat[mm + "dram_base"] + flat[mm + "dram_size"]
    if flat[k + "page_offset"] < d1 and d0 < flat[k + "page_offset"] + flat[mm + "dram_size"]:
        raise ConfigError(f"config '{name}': key '{k}page_offset' makes the "
                          f"linear map overlap the boot identity map of DRAM")
    validate_dram(name, flat)
    validate_cache(name, flat)


def validate_cache(name, flat):
    """Cache geometry: every way fits in a page (VIPT with the index inside
    the page offset, so the TLB lookup and the array read overlap) and holds
    at least one line."""
    page = 1 << flat["sv32.page_shift"]
    for c in ("icache", "dcache"):
        size, ways, line = (flat[f"cache.{c}_{k}"] for k in ("size", "ways", "line"))
        way = size // ways
        if way > page:
            raise ConfigError(
                f"config '{name}': key 'cache.{c}_size' = {size} with "
                f"cache.{c}_ways = {ways} gives a {way}-byte way, more than "
                f"the {page}-byte page: the set index would leave the page "
                f"offset (virtually indexed, physically tagged)")
        if way < line:
            raise ConfigError(
                f"config '{name}': key 'cache.{c}_line' = {line} exceeds the "
                f"{way}-byte way (cache.{c}_size / cache.{c}_ways)")


def core_cycles(flat, dram_cycles):
    """DRAM clock cycles -> core cycles (clock.cpu_mhz), rounded up."""
    cpu, dram = flat["clock.cpu_mhz"], flat["dram.timing.clock_mhz"]
    return -(-dram_cycles * cpu // dram)


# Timings every command rule of the DRAM device uses, in core cycles.
DRAM_TIMINGS = ("cl", "cwl", "rcd", "rp", "ras", "rc", "ccd", "burst", "rrd",
                "faw", "wr", "wtr", "rtp", "rfc", "refi", "ccd_l", "rrd_l", "wtr_l")
DRAM_TIMER_MAX = 65535   # controller timers are 16 bits wide


def dram_derived(flat):
    """Values computed from the DRAM keys: core-cycle timings (ck_*),
    retention in core cycles.  Emitted as MMCOSIM_DRAM_CK_* and friends."""
    t = "dram.timing."
    d = {}
    for k in DRAM_TIMINGS:
        d[f"dram.ck.{k}"] = (core_cycles(flat, flat[t + k]),
                             f"{k} in core cycles")
    # RD to WR: data of the read must be off the bus (JEDEC RL + BL/2 + 2 - WL).
    rtw = max(1, flat[t + "cl"] + flat[t + "burst"] + 2 - flat[t + "cwl"])
    d["dram.ck.rtw"] = (core_cycles(flat, rtw), "RD to WR turnaround in core cycles")
    # refresh more often: the controller's and the checker's tREFI
    d["dram.ck.refi"] = (d["dram.ck.refi"][0] // flat["dram.mitigation.refresh_rate"],
                         "tREFI in core cycles, divided by dram.mitigation.refresh_rate")
    d["dram.ck.retention"] = (
        flat["dram.retention_ns"] * flat["clock.cpu_mhz"] // 1000,
        "cell retention in core cycles (0: never decays)")
    return d


def validate_dram(name, flat):
    """Cross-key rules of the DRAM: the geometry fills the DRAM window,
    timings can be met, refresh keeps every row within its retention."""
    def bad(key, why):
        raise ConfigError(f"config '{name}': key '{key}' {why}")
    t = "dram.timing."
    g = flat["dram.banks"] * flat["dram.rows"] * flat["dram.columns"] * 4
    if g != flat["memory_map.dram_size"]:
        bad("dram.rows", f"gives banks x rows x columns x 4 = {g:#x} bytes, "
            f"but memory_map.dram_size = {flat['memory_map.dram_size']:#x}")
    if flat["dram.addr_map"] == 1 and flat["dram.rows"] < flat["dram.banks"]:
        bad("dram.addr_map", "bank_xor needs dram.rows >= dram.banks")
    if flat[t + "ras"] > flat[t + "rc"]:
        bad(t + "ras", f"= {flat[t + 'ras']} exceeds tRC = {flat[t + 'rc']}")
    if flat[t + "rc"] < flat[t + "ras"] + flat[t + "rp"]:
        bad(t + "rc", f"= {flat[t + 'rc']} is less than tRAS + tRP = "
            f"{flat[t + 'ras'] + flat[t + 'rp']}")
    if flat[t + "rcd"] > flat[t + "ras"]:
        bad(t + "rcd", f"= {flat[t + 'rcd']} exceeds tRAS = {flat[t + 'ras']}")
    if flat[t + "faw"] < flat[t + "rrd"]:
        bad(t + "faw", f"= {flat[t + 'faw']} is less than tRRD = {flat[t + 'rrd']}")
    if flat[t + "ccd"] < flat[t + "burst"]:
        bad(t + "ccd", f"= {flat[t + 'ccd']} is less than the burst "
            f"({flat[t + 'burst']}): bursts would overlap")
    for s in ("ccd", "rrd", "wtr"):
        if flat[t + s + "_l"] < flat[t + s]:
            bad(t + s + "_l", f"= {flat[t + s + '_l']} is less than the other-group "
                f"{s} = {flat[t + s]} (JEDEC: _L >= _S)")
    if flat["dram.rowhammer.enable"] and not flat["dram.retention_ns"]:
        bad("dram.rowhammer.enable", "needs the cells' bookkeeping: dram.retention_ns = 0 turns it off")
    pw = "dram.power."
    for k in ("idd0_ma", "idd4r_ma", "idd4w_ma", "idd5b_ma"):
        if flat[pw + k] < flat[pw + "idd3n_ma"]:
            bad(pw + k, f"= {flat[pw + k]} is less than IDD3N = {flat[pw + 'idd3n_ma']}")
    if flat[pw + "idd0_ma"] < flat[pw + "idd2n_ma"]:
        bad(pw + "idd0_ma", f"= {flat[pw + 'idd0_ma']} is less than IDD2N = {flat[pw + 'idd2n_ma']}")
    if flat["dram.ecc.enable"] and not flat["dram.retention_ns"]:
        bad("dram.ecc.enable", "needs the cells' bookkeeping: dram.retention_ns = 0 turns it off")
    if flat["dram.rowhammer.radius"] >= flat["dram.rows"]:
        bad("dram.rowhammer.radius", f"= {flat['dram.rowhammer.radius']} is not below dram.rows")
    if flat["dram.banks"] % flat["dram.bank_groups"]:
        bad("dram.bank_groups", f"= {flat['dram.bank_groups']} does not divide "
            f"dram.banks = {flat['dram.banks']}")
    if flat[t + "rfc"] >= flat[t + "refi"]:
        bad(t + "rfc", f"= {flat[t + 'rfc']} is not less than tREFI = {flat[t + 'refi']}")
    d = dram_derived(flat)
    for k in DRAM_TIMINGS:
        if d[f"dram.ck.{k}"][0] > DRAM_TIMER_MAX:
            bad(t + k, f"is {d[f'dram.ck.{k}'][0]} core cycles, more than "
                f"the controller's timers hold ({DRAM_TIMER_MAX})")
    if d["dram.ck.rfc"][0] >= d["dram.ck.refi"][0]:
        bad("dram.mitigation.refresh_rate", f"= {flat['dram.mitigation.refresh_rate']} leaves tREFI "
            f"({d['dram.ck.refi'][0]} core cycles) no longer than tRFC ({d['dram.ck.rfc'][0]})")
    if flat["dram.mitigation.radius"] >= flat["dram.rows"]:
        bad("dram.mitigation.radius", f"= {flat['dram.mitigation.radius']} is not below dram.rows")
    if d["dram.ck.cl"][0] < 3:
        bad(t + "cl", "is less than 3 core cycles (the device's read pipeline)")
    if flat["dram.rows_per_ref"] > flat["dram.rows"]:
        bad("dram.rows_per_ref", f"= {flat['dram.rows_per_ref']} exceeds dram.rows")
    if flat["dram.rows_per_ref"] > d["dram.ck.rfc"][0]:
        bad("dram.rows_per_ref", "exceeds tRFC in core cycles (one row per cycle)")
    ret = d["dram.ck.retention"][0]
    if flat["dram.retention_ns"] and ret == 0:
        bad("dram.retention_ns", "is less than one core cycle")
    if flat["dram.refresh"] and ret:
        need = ((flat["dram.rows"] // flat["dram.rows_per_ref"] +
                 flat["dram.max_postponed"] + 1) * d["dram.ck.refi"][0])
        if need > ret:
            bad("dram.retention_ns", f"= {flat['dram.retention_ns']} is shorter "
                f"than a full refresh round ({need} core cycles with "
                f"{flat['dram.max_postponed']} postponed REFs): data would be lost")


def choices():
    """(key, names) of every key whose value is a name (Choice)."""
    return [(f"{s}.{k}", check.names) for s, keys in SCHEMA.items()
            for k, (check, _, _) in keys.items() if isinstance(check, Choice)]


def macro(key):
    return "MMCOSIM_" + key.replace(".", "_").upper()


def expand_stats(entries):
    """An entry with `count = N` stands for N consecutive statistics: its
    name and desc contain {i}, replaced by 0 .. N-1 (dram.bank{i}.act)."""
    out = []
    for st in entries:
        n = st.get("count")
        if n is None:
            out.append(st)
            continue
        if not isinstance(n, int) or n < 1 or "{i}" not in st["name"]:
            raise ConfigError(f"stats.toml: '{st['name']}': count needs a "
                              f"positive integer and {{i}} in the name")
        out += [{"name": st["name"].replace("{i}", str(i)),
                 "desc": st["desc"].replace("{i}", str(i))} for i in range(n)]
    return out


def load_stats():
    with open(os.path.join(HERE, "stats.toml"), "rb") as f:
        stats = expand_stats(tomllib.load(f)["stat"])
    names = [s["name"] for s in stats]
    if len(set(names)) != len(names):
        raise ConfigError("stats.toml: duplicate statistic name")
    return stats


def stat_ident(name):
    return name.replace(".", "_").upper()


HEADER = "generated by config/gen.py from config/{src} -- do not edit"


def gen_svh(name, flat, stats=()):
    g = "MMCOSIM_CFG_SVH"
    lines = [f"// {HEADER.format(src=name + '.toml')}", f"`ifndef {g}",
             f"`define {g}"]
    for s, keys in SCHEMA.items():
        for k, (_, desc, rtl) in keys.items():
            if rtl:
                v = flat[f"{s}.{k}"]
                lines.append(f"`define {macro(s + '.' + k)} 32'h{v:08x}"
                             f"  // {desc}")
    for k, (v, desc) in dram_derived(flat).items():
        lines.append(f"`define {macro(k)} 64'h{v:016x}  // {desc}")
    for key, names in choices():
        for i, n in enumerate(names):
            lines.append(f"`define {macro(key)}_{n.upper()} {i}")
    for k, (v, desc) in PROTOCOL.items():
        lines.append(f"`define MMCOSIM_PORT_{k.upper()} {v}  // {desc}")
    for i, st in enumerate(stats, 1):
        lines.append(f"`define MMCOSIM_EVENT_{stat_ident(st['name'])} {i}"
                     f"  // {st['name']}")
    lines.append("`endif")
    return "\n".join(lines) + "\n"


def gen_h(name, flat, stats):
    # Constants go through MMCOSIM_U / MMCOSIM_ULL, which add the C suffix
    # and leave the bare number to assembly (Linux's _AC() idea), so .S
    # files include this header too.
    g = "MMCOSIM_CFG_H"
    lines = [f"/* {HEADER.format(src=name + '.toml')} */", f"#ifndef {g}",
             f"#define {g}", "",
             "#ifdef __ASSEMBLER__",
             "#define MMCOSIM_U(x) x",
             "#define MMCOSIM_ULL(x) x",
             "#else",
             "#define MMCOSIM_U(x) x##u",
             "#define MMCOSIM_ULL(x) x##ull",
             "#endif", "",
             f'#define MMCOSIM_CONFIG_NAME "{name}"']
    for s, keys in SCHEMA.items():
        for k, (_, desc, _) in keys.items():
            v = flat[f"{s}.{k}"]
            lines.append(f"#define {macro(s + '.' + k):40s} MMCOSIM_U(0x{v:08x})"
                         f"  /* {desc} */")
    lines.append("")
    lines.append("/* derived from the keys above by config/gen.py */")
    for k, (v, desc) in dram_derived(flat).items():
        lines.append(f"#define {macro(k):40s} MMCOSIM_ULL({v})  /* {desc} */")
    for key, names in choices():
        for i, n in enumerate(names):
            lines.append(f"#define {macro(key) + '_' + n.upper():40s} MMCOSIM_U({i})")
    lines.append("")
    lines.append("/* CPU <-> memory port encodings (docs/ports.md) */")
    for k, (v, desc) in PROTOCOL.items():
        lines.append(f"#define MMCOSIM_PORT_{k.upper():30s} MMCOSIM_U({v})  /* {desc} */")
    lines.append("")
    lines.append("/* hpm event numbers (config/stats.toml order, from 1) */")
    for i, st in enumerate(stats, 1):
        lines.append(f"#define MMCOSIM_EVENT_{stat_ident(st['name']):32s} "
                     f"MMCOSIM_U({i})  /* {st['name']} */")
    lines.append(f"#define MMCOSIM_EVENT_COUNT MMCOSIM_U({len(stats) + 1})")
    lines += ["", f"#endif /* {g} */"]
    return "\n".join(lines) + "\n"


def gen_ld(name, flat):
    mm = "memory_map."
    return (f"/* {HEADER.format(src=name + '.toml')} */\n"
            f"MEMORY\n{{\n  DRAM (rwx) : ORIGIN = 0x{flat[mm + 'dram_base']:08x},"
            f" LENGTH = 0x{flat[mm + 'dram_size']:08x}\n}}\n"
            f"__uart_base = 0x{flat[mm + 'uart_base']:08x};\n"
            f"__simctl_base = 0x{flat[mm + 'simctl_base']:08x};\n"
            f"__clint_base = 0x{flat[mm + 'clint_base']:08x};\n")


def field(key):
    return key.replace(".", "_")


def gen_table_h(stats):
    lines = [f"// {HEADER.format(src='*.toml')}", "#pragma once",
             "#include <cstdint>", "", "namespace mmcosim {", "",
             "// One named configuration (config/<name>.toml), flattened.",
             "struct SimConfig {", "  const char* name;",
             "  const char* description;"]
    for s, keys in SCHEMA.items():
        for k, (_, desc, rtl) in keys.items():
            tag = " [rtl]" if rtl else ""
            lines.append(f"  uint64_t {field(s + '.' + k)};  // {desc}{tag}")
    lines += ["};", "",
              "// Every configuration found in config/, in name order.",
              "extern const SimConfig kConfigs[];",
              "extern const unsigned kConfigCount;", "",
              "// Per kConfigs entry: a hash of its name, keys and values (a",
              "// checkpoint records it and is refused by another configuration).",
              "extern const uint64_t kConfigHashes[];", "",
              "// Names of the fields that are RTL parameters (build time).",
              "extern const char* const kRtlFields[];",
              "extern const unsigned kRtlFieldCount;", "",
              "// The first RTL field whose value differs between a and b, or",
              "// nullptr when they agree (RTL parameters are fixed at build).",
              "const char* rtl_field_differs(const SimConfig& a, const SimConfig& b);",
              "",
              "// Statistics, in hpm event order (event number = index + 1).",
              "enum class Stat : unsigned {"]
    for st in stats:
        lines.append(f"  k{''.join(w.capitalize() for w in st['name'].replace('.', '_').split('_'))},"
                     f"  // {st['name']}")
    lines += ["  kCount", "};",
              "extern const char* const kStatNames[];",
              "extern const char* const kStatDescriptions[];", "",
              "}  // namespace mmcosim", ""]
    return "\n".join(lines)


def config_hash(name, flat):
    """64 bits of SHA-256 over the name and every schema key = value."""
    text = name + "\n" + "".join(f"{s}.{k}={flat[s + '.' + k]}\n"
                                  for s, keys in SCHEMA.items() for k in keys)
    return int(hashlib.sha256(text.encode()).hexdigest()[:16], 16)


def gen_table_cc(configs, stats):
    lines = [f"// {HEADER.format(src='*.toml')}",
             '#include "config_table.h"', "", "namespace mmcosim {", "",
             "const SimConfig kConfigs[] = {"]
    for name, flat in configs:
        lines.append(f'  {{"{name}", "{flat.get("description", "")}",')
        vals = []
        for s, keys in SCHEMA.items():
            for k in keys:
                vals.append(f"0x{flat[s + '.' + k]:x}")
        lines.append("   " + ", ".join(vals) + "},")
    lines += ["};", f"const unsigned kConfigCount = {len(configs)};", "",
              "const uint64_t kConfigHashes[] = {"]
    for name, flat in configs:
        lines.append(f"  0x{config_hash(name, flat):016x}ull,  // {name}")
    lines += ["};", "", "const char* const kRtlFields[] = {"]
    rtl = [f'"{field(s + "." + k)}"' for s, keys in SCHEMA.items()
           for k, (_, _, r) in keys.items() if r]
    lines.append("  " + ", ".join(rtl) + "};")
    lines.append(f"const unsigned kRtlFieldCount = {len(rtl)};")
    lines += ["", "const char* rtl_field_differs(const SimConfig& a, "
              "const SimConfig& b) {"]
    for s, keys in SCHEMA.items():
        for k, (_, _, r) in keys.items():
            if r:
                f = field(s + "." + k)
                lines.append(f'  if (a.{f} != b.{f}) return "{s}.{k}";')
    lines += ["  return nullptr;", "}"]
    lines += ["", "const char* const kStatNames[] = {"]
    lines += [f'  "{st["name"]}",' for st in stats]
    lines += ["};", "const char* const kStatDescriptions[] = {"]
    lines += [f'  "{st["desc"]}",' for st in stats]
    lines += ["};", "", "}  // namespace mmcosim", ""]
    return "\n".join(lines)


README = os.path.join(os.path.dirname(HERE), "README.md")
BEGIN, END = "<!-- params:begin -->", "<!-- params:end -->"


def gen_readme_table(default):
    """The README's parameter table, rebuilt from the schema and defaults."""
    rows = ["| key (config/*.toml) | default | RTL | meaning |",
            "|---|---|---|---|"]
    for s, keys in SCHEMA.items():
        for k, (check, desc, rtl) in keys.items():
            v = default[f"{s}.{k}"]
            shown = (f"0x{v:08x}" if s == "memory_map" or k == "leak_value" else
                     f"0x{v:02x}" if s == "simctl" else
                     f'"{check.names[v]}"' if isinstance(check, Choice) else
                     str(v))
            rows.append(f"| `{s}.{k}` | {shown} | {'yes' if rtl else ''} "
                        f"| {desc} |")
    return "\n".join(rows)


def readme_with_table(default):
    if not os.path.exists(README):
        return None
    with open(README) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        return None
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + BEGIN + "\n" + gen_readme_table(default) + "\n" + END + tail


def outputs(out=OUT, extra=()):
    """Generated files by path: every config/*.toml, then the `extra` TOML
    files (by path, named after their basenames) into `out`.  The README's
    table is rebuilt only for config/gen itself."""
    names = sorted(f[:-5] for f in os.listdir(HERE) if f.endswith(".toml")
                   and f != "stats.toml")
    stats = load_stats()
    configs = []
    files = {}
    sources = [(n, n) for n in names]
    sources += [(os.path.basename(p)[:-5], p) for p in extra]
    for name, src in sources:
        flat = load(src)
        validate(name, flat)
        configs.append((name, flat))
        d = os.path.join(out, name)
        files[os.path.join(d, "mmcosim_cfg.svh")] = gen_svh(name, flat, stats)
        files[os.path.join(d, "mmcosim_cfg.h")] = gen_h(name, flat, stats)
        files[os.path.join(d, "mmcosim_cfg.ld")] = gen_ld(name, flat)
    readme = readme_with_table(dict(configs)["default"]) if out == OUT else None
    if readme is not None:
        files[README] = readme
    files[os.path.join(out, "config_table.h")] = gen_table_h(stats)
    files[os.path.join(out, "config_table.cc")] = gen_table_cc(configs, stats)
    return files


def validate_files(paths):
    """Loads and validates each file (inherit looked up beside it, then in
    config/); raises ConfigError naming the first bad key."""
    for path in paths:
        validate(os.path.basename(path)[:-5], load(path))


def main(argv):
    if argv and argv[0] == "--validate":
        try:
            validate_files(argv[1:])
        except ConfigError as e:
            print(f"config/gen.py: {e}", file=sys.stderr)
            return 2
        return 0
    check = "--check" in argv
    out, extra = OUT, ()
    if argv and argv[0] == "--out":
        if len(argv) < 2:
            print("config/gen.py: --out needs a directory", file=sys.stderr)
            return 2
        out, extra = os.path.abspath(argv[1]), argv[2:]
        bad = [p for p in extra if not p.endswith(".toml")]
        if bad:
            print(f"config/gen.py: {bad[0]}: not a .toml file", file=sys.stderr)
            return 2
    try:
        files = outputs(out, extra)
    except ConfigError as e:
        print(f"config/gen.py: {e}", file=sys.stderr)
        return 2
    stale = []
    for path, text in files.items():
        old = None
        if os.path.exists(path):
            with open(path) as f:
                old = f.read()
        if old == text:
            continue
        if check:
            stale.append(os.path.relpath(path, os.path.dirname(HERE)))
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    if stale:
        print("config/gen.py: stale generated files (run `make gen`): "
              + " ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

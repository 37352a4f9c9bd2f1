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
"""
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


# section -> key -> (check, description, rtl)
# rtl=True: the value is a parameter of the Verilated RTL, fixed at build
# time; the simulator refuses a runtime --config whose RTL values differ.
SCHEMA = {
    "clock": {
        "cpu_mhz": (positive, "core clock in MHz", False),
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
        "latency": (nonneg, "extra wait cycles of the SRAM stand-in", True),
    },
    "cpu": {
        "hart_id": (nonneg, "mhartid", False),
        "reset_priv": (priv, "privilege mode at reset (3=M)", False),
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
    # --- DRAM device and controller (issue 3): add sections here ---
    "clint": {
        "reg_msip": (word_aligned, "CLINT msip register offset", False),
        "reg_mtimecmp": (word_aligned, "CLINT mtimecmp (64-bit) offset", False),
        "reg_mtime": (word_aligned, "CLINT mtime (64-bit) offset", False),
    },
    "simctl": {
        k: (word_aligned, f"simctl register offset {k[4:]}", False)
        for k in ("reg_exit", "reg_region_begin", "reg_region_end",
                  "reg_trace", "reg_snapshot", "reg_counter_sel",
                  "reg_counter_lo", "reg_counter_hi", "reg_putchar")
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


def load(name, seen=()):
    path = os.path.join(HERE, f"{name}.toml")
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
        base = load(flat.pop("inherit"), seen + (name,))
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


def macro(key):
    return "MMCOSIM_" + key.replace(".", "_").upper()


def load_stats():
    with open(os.path.join(HERE, "stats.toml"), "rb") as f:
        stats = tomllib.load(f)["stat"]
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
    for k, (v, desc) in PROTOCOL.items():
        lines.append(f"`define MMCOSIM_PORT_{k.upper()} {v}  // {desc}")
    for i, st in enumerate(stats, 1):
        lines.append(f"`define MMCOSIM_EVENT_{stat_ident(st['name'])} {i}"
                     f"  // {st['name']}")
    lines.append("`endif")
    return "\n".join(lines) + "\n"


def gen_h(name, flat, stats):
    g = "MMCOSIM_CFG_H"
    lines = [f"/* {HEADER.format(src=name + '.toml')} */", f"#ifndef {g}",
             f"#define {g}", "",
             f'#define MMCOSIM_CONFIG_NAME "{name}"']
    for s, keys in SCHEMA.items():
        for k, (_, desc, _) in keys.items():
            v = flat[f"{s}.{k}"]
            lines.append(f"#define {macro(s + '.' + k):40s} 0x{v:08x}u"
                         f"  /* {desc} */")
    lines.append("")
    lines.append("/* CPU <-> memory port encodings (docs/ports.md) */")
    for k, (v, desc) in PROTOCOL.items():
        lines.append(f"#define MMCOSIM_PORT_{k.upper():30s} {v}u  /* {desc} */")
    lines.append("")
    lines.append("/* hpm event numbers (config/stats.toml order, from 1) */")
    for i, st in enumerate(stats, 1):
        lines.append(f"#define MMCOSIM_EVENT_{stat_ident(st['name']):32s} "
                     f"{i}u  /* {st['name']} */")
    lines.append(f"#define MMCOSIM_EVENT_COUNT {len(stats) + 1}u")
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
              "const char* const kRtlFields[] = {"]
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
        for k, (_, desc, rtl) in keys.items():
            v = default[f"{s}.{k}"]
            shown = (f"0x{v:08x}" if s == "memory_map" else
                     f"0x{v:02x}" if s == "simctl" else str(v))
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


def outputs():
    names = sorted(f[:-5] for f in os.listdir(HERE) if f.endswith(".toml")
                   and f != "stats.toml")
    stats = load_stats()
    configs = []
    files = {}
    for name in names:
        flat = load(name)
        validate(name, flat)
        configs.append((name, flat))
        d = os.path.join(OUT, name)
        files[os.path.join(d, "mmcosim_cfg.svh")] = gen_svh(name, flat, stats)
        files[os.path.join(d, "mmcosim_cfg.h")] = gen_h(name, flat, stats)
        files[os.path.join(d, "mmcosim_cfg.ld")] = gen_ld(name, flat)
    readme = readme_with_table(dict(configs)["default"])
    if readme is not None:
        files[README] = readme
    files[os.path.join(OUT, "config_table.h")] = gen_table_h(stats)
    files[os.path.join(OUT, "config_table.cc")] = gen_table_cc(configs, stats)
    return files


def main(argv):
    check = "--check" in argv
    try:
        files = outputs()
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

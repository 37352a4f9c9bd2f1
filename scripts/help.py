#!/usr/bin/env python3
"""`make help`: every target of the Makefile and its includes, one line each.

  scripts/help.py MAKEFILE...

A target's line is its `## target: text` comment when it has one, else the
first line of the comment block right above its rule, else the header
line of its file that mentions `make <target>`, else the file's first
comment line.
"""
import re
import sys

RULE = re.compile(r"^([a-z][A-Za-z0-9_-]*(?: [a-z][A-Za-z0-9_-]*)*):(?!=)")


def targets(path):
    with open(path) as f:
        lines = f.read().splitlines()
    tagged = {m.group(1): m.group(2).strip() for m in
              (re.match(r"^## ([\w-]+): (.*)", s) for s in lines) if m}
    header = {m.group(1): re.sub(r"^.*?make [\w-]+(\s+\[[^]]*\])*\s+", "", s)
              for s in lines if s.startswith("#")
              for m in [re.search(r"make ([\w-]+)", s)] if m}
    # Last resort: the file's own first comment line.
    first = next((x.lstrip("# ").strip() for x in lines if x.startswith("# ")), "")
    found = []
    for i, s in enumerate(lines):
        m = RULE.match(s)
        if not m or s.startswith(".") or "$(" in m.group(1):
            continue
        for t in m.group(1).split():
            if t in (x for x, _ in found):
                continue
            text = tagged.get(t)
            # The comment block above the rule (variables in between skipped).
            end = i - 1
            while end >= 0 and re.match(r"^[A-Z_]+ *[?:]?=", lines[end]):
                end -= 1
            j = end
            while j >= 0 and lines[j].startswith("#"):
                j -= 1
            block = [x.lstrip("# ").strip() for x in lines[j + 1:end + 1]]
            block = [x for x in block if x and not x.startswith("---")]
            if text is None and block:
                text = block[0]
            found.append((t, text or header.get(t) or first))
    return found


def main(paths):
    seen, rows = set(), []
    for p in paths:
        for t, text in targets(p):
            if t not in seen:
                seen.add(t)
                rows.append((t, text))
    width = max(len(t) for t, _ in rows)
    print("mmcosim: make TARGET [CONFIG=name] [JOBS=n]; targets:")
    for t, text in rows:
        print(f"  {t:<{width}}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

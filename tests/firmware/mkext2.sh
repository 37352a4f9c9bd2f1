#!/bin/sh
# mkext2.sh OUT.img -- the ext2 image of the host tests (tests/firmware/ext2_test.cc),
# made with e2fsprogs' mke2fs -d from a tree written here:
#   /hello.txt        "hello, ext2\n"
#   /big.bin          200 KiB, byte i = (i % 251) ^ (i >> 12) & 0xff (direct + indirect blocks)
#   /empty            0 bytes
#   /dir/sub/nested.txt "nested\n"
# 8 MiB, 4 KiB blocks (one page), 128-byte inodes, features filetype,
# sparse_super, large_file; fixed UUID and hash seed (mke2fs -d stamps inode
# ctimes with the real clock, so images differ in those bytes only).
set -eu
out=$1
tree=$out.d
rm -rf "$tree" "$out"
mkdir -p "$tree/dir/sub"
printf 'hello, ext2\n' > "$tree/hello.txt"
printf 'nested\n' > "$tree/dir/sub/nested.txt"
: > "$tree/empty"
python3 -c '
import sys
sys.stdout.buffer.write(bytes(((i % 251) ^ (i >> 12)) & 0xff for i in range(200 * 1024)))' > "$tree/big.bin"
find "$tree" -exec touch -h -d @1000000000 {} +
E2FSPROGS_FAKE_TIME=1000000000 mke2fs -q -F -t ext2 -b 4096 -I 128 -N 64 \
  -O none,filetype,sparse_super,large_file -L mmcosim \
  -U 6d6d636f-7369-6d00-0000-000000000001 -E hash_seed=6d6d636f-7369-6d00-0000-000000000002,root_owner=0:0 \
  -d "$tree" "$out" 8M >/dev/null
rm -rf "$tree"

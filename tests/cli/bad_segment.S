# Code linked at 0x1000, outside DRAM: mmcosim must refuse to load it.
  .text
  .globl _start
_start:
  j _start

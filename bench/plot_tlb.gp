# bench/plot_tlb.gp: TLB reach -- cycles per dependent load against the
# number of pages the chase touches, with 4 KiB pages and with megapages,
# on the 1-cycle SRAM stand-in and on the DRAM.  Data: bench_tlb.sh.
#   gnuplot -e "out='x.svg'; sram='a.dat'; dram='b.dat'; entries=32" bench/plot_tlb.gp
set terminal svg size 1100,440 dynamic font "sans,11" noenhanced
set output out
set multiplot layout 1,2 title "TLB reach (tlb_chase: one dependent load per page)"
set logscale x 2
set xrange [0.7:*]
set xlabel "pages touched (N)"
set ylabel "cycles per access"
set yrange [0:*]
set key bottom right box opaque
set grid
set arrow 1 from entries, graph 0 to entries, graph 1 nohead dashtype 2
set label 1 sprintf("%d dTLB entries", entries) at entries, graph 0.95 offset 0.5,0

set title "1-cycle SRAM stand-in (config sram)"
plot sram index 0 using 2:3 with linespoints pt 7 title "4 KiB pages", \
     sram index 1 using 2:3 with linespoints pt 5 title "4 MiB megapages", \
     sram index 2 using 2:3 with points pt 7 ps 1.2 lc rgb "black" title "Bare (no translation)"

set title "DDR3-1600 DRAM (config default)"
plot dram index 0 using 2:3 with linespoints pt 7 title "4 KiB pages", \
     dram index 1 using 2:3 with linespoints pt 5 title "4 MiB megapages", \
     dram index 2 using 2:3 with points pt 7 ps 1.2 lc rgb "black" title "Bare (no translation)"
unset multiplot

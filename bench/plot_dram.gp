# bench/plot_dram.gp: the DRAM per configuration -- unloaded latency of a
# row hit, a closed bank and a row conflict (controller testbench), and
# the row-hit rate of the firmware's access patterns (whole system).
# Data: bench_dram.sh.   gnuplot -e "out='x.svg'; dat='bench-dram.dat'" bench/plot_dram.gp
set terminal svg size 1200,480 dynamic font "sans,11" noenhanced
set output out
set multiplot layout 1,2 title "DRAM: DDR3-1600 and DDR4-2400, open and closed page (make bench-dram)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set grid ytics
set key outside bottom center horizontal
set xtics nomirror
set yrange [0:*]

set title "unloaded latency, bus accept to ack"
set ylabel "core cycles (1 GHz)"
plot dat using 2:xtic(1) title "row hit", '' using 3 title "closed bank", '' using 4 title "row conflict"

set title "row-hit rate of the firmware's patterns"
set ylabel "% of DRAM accesses"
set yrange [0:110]
plot dat using 8:xtic(1) title "chase within a row", '' using 9 title "chase across rows of a bank", \
     '' using 10 title "chase across banks", '' using 11 title "sequential", '' using 12 title "random"
unset multiplot

# bench-reclaim: the thrashing curve (bench/bench_reclaim.sh writes dat):
# the workload's cycles per page touched and its major faults against the
# working set in % of the free memory.
#   gnuplot -e "out='x.svg'; dat='bench-reclaim.dat'" bench/plot_reclaim.gp
set terminal svg size 900,520 dynamic font "sans,11"
set output out
set title "mmcosim bench-reclaim: swaptest under mem=6M, 8 MiB RAM swap"
set xlabel "working set (% of free pages)"
set ylabel "cycles per page (write + read pass)"
set y2label "major faults"
set y2tics
set ytics nomirror
set key top left
set grid
plot dat using 1:($3/$2) with linespoints title "cycles per page", \
     '' using 1:5 axes x1y2 with linespoints title "major faults"

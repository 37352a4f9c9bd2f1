# bench/plot_mm.gp: instructions per allocator operation, debug off and on
# (make bench-mm; data from bench_mm.sh: index "operation" instr cycles
# instr_debug cycles_debug).
#   gnuplot -e "out='x.svg'; dat='bench-mm.dat'" bench/plot_mm.gp
set terminal svg size 1700,600 dynamic font "sans,10" noenhanced
set output out
set title "firmware/mm cost per operation on the whole system (mm_bench)"
set ylabel "instructions per operation"
set logscale y
set grid ytics
set key top left
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -60 scale 0
plot dat using 3:xtic(2) title "debug off", \
     dat using 5 title "debug on (CONFIG_SLUB_DEBUG, CONFIG_DEBUG_VM)"

# bench/plot_mm.gp: cost of alloc_pages() and __free_pages() by order
# (make bench-mm; data from bench_mm.sh).
#   gnuplot -e "out='x.svg'; dat='bench-mm.dat'" bench/plot_mm.gp
set terminal svg size 800,440 dynamic font "sans,11" noenhanced
set output out
set title "buddy allocator cost per call on the whole system (mm_bench)"
set xlabel "order (block = 2^order pages of 4 KiB)"
set ylabel "core cycles per call"
set logscale y
set xtics 1
set grid
set key top left
plot dat using 1:3 with linespoints pt 7 title "alloc_pages", \
     dat using 1:5 with linespoints pt 5 title "__free_pages"

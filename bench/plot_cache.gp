# bench/plot_cache.gp: cycles per dependent load by working-set span and
# stride, with and without the L1 caches (make bench-cache; data from
# bench_cache.sh).
#   gnuplot -e "out='x.svg'; dat='bench-cache.dat'; dsize=16384" bench/plot_cache.gp
set terminal svg size 900,480 dynamic font "sans,11" noenhanced
set output out
set title "L1 D-cache: cycles per dependent load (cache_sweep)"
set xlabel "bytes spanned by the working set (cells x stride)"
set ylabel "core cycles per load"
set logscale xy 2
set format x "%.0s%cB"
set grid
set key top left
set arrow from dsize, graph 0 to dsize, graph 1 nohead dt 2
set label "D-cache size" at dsize, graph 0.95 offset 1,0
strides = "4 32 16416"
plot for [i=0:2] dat index i using 3:4 with linespoints pt 7 title sprintf("stride %s B, cached", word(strides, i+1)), \
     for [i=0:2] dat index i using 3:5 with lines dt 3 title sprintf("stride %s B, uncached", word(strides, i+1))

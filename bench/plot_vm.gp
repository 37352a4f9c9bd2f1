# bench-vm: instructions and cycles per operation (bench/bench_vm.sh writes dat).
#   gnuplot -e "out='x.svg'; dat='bench-vm.dat'" bench/plot_vm.gp
set terminal svg size 1000,560 dynamic font "sans,11"
set output out
set title "mmcosim bench-vm: per operation (user processes)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set ylabel "per operation (log scale)"
set xtics rotate by -35 scale 0 font ",9"
set key top left
plot dat using 3:xtic(2) title "instructions", '' using 4 title "cycles"

# Summarises bench/router/run.sh's output (lines "old|new print-shop|okta
# Benchmark value"): per benchmark, the medians over rounds of each value,
# and the medians of the per-round ratios okta / print-shop (old, new) and
# new / old (print-shop, okta).
#
#   bench/router/run.sh OLD NEW 8 | tee out.txt; awk -f bench/router/summary.awk out.txt
function median(list,    a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j] + 0 < a[j-1] + 0; j--) {
			t = a[j]; a[j] = a[j-1]; a[j-1] = t
		}
	return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
NF == 4 && ($1 == "old" || $1 == "new") {
	k = $1 " " $2 " " $3
	r = ++round[k]
	val[k, r] = $4
	vals[k] = vals[k] " " $4
	names[$3] = 1
	if (r > rounds) rounds = r
}
END {
	printf "%-22s %10s %10s %8s %10s %10s %8s %8s %8s\n", "benchmark", "old:ps", "old:okta", "old o/p", "new:ps", "new:okta", "new o/p", "ps n/o", "okta n/o"
	for (b in names) {
		ro = rn = rp = rk = ""
		for (r = 1; r <= rounds; r++) {
			op = val["old print-shop " b, r]; ok = val["old okta " b, r]
			np = val["new print-shop " b, r]; nk = val["new okta " b, r]
			if (op > 0 && ok > 0 && np > 0 && nk > 0) {
				ro = ro " " ok / op; rn = rn " " nk / np
				rp = rp " " np / op; rk = rk " " nk / ok
			}
		}
		printf "%-22s %10.0f %10.0f %7.2fx %10.0f %10.0f %7.2fx %7.2fx %7.2fx\n", b,
			median(vals["old print-shop " b]), median(vals["old okta " b]), median(ro),
			median(vals["new print-shop " b]), median(vals["new okta " b]), median(rn),
			median(rp), median(rk)
	}
}

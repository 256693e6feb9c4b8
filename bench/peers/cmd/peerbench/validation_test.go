package main

import "testing"

func TestBenchLine(t *testing.T) {
	m := benchLine.FindStringSubmatch("BenchmarkNewOrder/valid/specgate-2         \t    2000\t      3341 ns/op\t 129.28 MB/s\t     903 B/op\t      18 allocs/op")
	if m == nil || m[1] != "BenchmarkNewOrder/valid/specgate-2" || m[2] != "3341" || m[3] != "903" || m[4] != "18" {
		t.Fatalf("parsed %q", m)
	}
	m = benchLine.FindStringSubmatch("BenchmarkX-8 100 12.5 ns/op")
	if m == nil || m[2] != "12.5" || m[3] != "" {
		t.Fatalf("parsed %q", m)
	}
}

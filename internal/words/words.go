// Package words writes counts in English for specgate's messages: "1 error",
// "2 errors", "0 errors".
package words

import (
	"strconv"
	"strings"
)

// Count is n followed by noun, plural unless n is 1: Count(1, "error") is
// "1 error", Count(3, "scaffold file") "3 scaffold files". noun is a
// singular English noun that takes "s" in the plural.
func Count(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// Closest is the word of known nearest to s, ignoring case, when it is a
// likely typo of it (at most two edits away); "" when none is.
func Closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(s), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

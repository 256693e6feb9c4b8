package model

import "regexp/syntax"

// ASCIIRun is one step of an ASCII pattern: between Min and Max (-1: no
// bound) characters, each an ASCII byte in Set (bit c%64 of Set[c/64]).
type ASCIIRun struct {
	Set      [2]uint64
	Min, Max int
}

// ASCIIPattern reports whether the Go regular expression pattern is simple
// enough to check without package regexp, and if so returns its runs: the
// pattern is anchored at both ends (^ and $, not multi-line) and between
// them is a sequence of literal ASCII characters and ASCII character
// classes, each maybe repeated (*, +, ?, {n,m}), with no case folding; and
// every run whose count varies shares no character with the runs that may
// come next (up to the first that must match a character). Then taking as
// many characters as each run allows is the only way to match, so the
// greedy check (the generated code's asciiPattern) answers as
// regexp.MatchString does, on any input (a byte of 0x80 or more, part of
// a UTF-8 sequence or not, is in no ASCII set, as no non-ASCII rune is in
// the pattern's classes).
// Patterns like ^[A-Z]{3}-[0-9]+$ qualify; alternations, unanchored
// patterns, . and non-ASCII classes do not.
func ASCIIPattern(pattern string) ([]ASCIIRun, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return nil, false
	}
	subs := re.Sub
	if subs[0].Op != syntax.OpBeginText || subs[len(subs)-1].Op != syntax.OpEndText {
		return nil, false
	}
	var runs []ASCIIRun
	if !appendRuns(&runs, subs[1:len(subs)-1]) {
		return nil, false
	}
	for i, r := range runs {
		if r.Min == r.Max {
			continue
		}
		for _, next := range runs[i+1:] {
			if r.Set[0]&next.Set[0] != 0 || r.Set[1]&next.Set[1] != 0 {
				return nil, false
			}
			if next.Min > 0 {
				break
			}
		}
	}
	return runs, true
}

// appendRuns appends the runs of the regexp nodes subs, reporting false
// when one is not a literal, a class or a repeat of one character.
func appendRuns(runs *[]ASCIIRun, subs []*syntax.Regexp) bool {
	for _, s := range subs {
		switch s.Op {
		case syntax.OpLiteral:
			if s.Flags&syntax.FoldCase != 0 {
				return false
			}
			for _, c := range s.Rune {
				set, ok := asciiSet([]rune{c, c})
				if !ok {
					return false
				}
				*runs = append(*runs, ASCIIRun{Set: set, Min: 1, Max: 1})
			}
		case syntax.OpCharClass:
			set, ok := asciiSet(s.Rune)
			if !ok {
				return false
			}
			*runs = append(*runs, ASCIIRun{Set: set, Min: 1, Max: 1})
		case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
			var one []ASCIIRun
			if !appendRuns(&one, s.Sub) || len(one) != 1 {
				return false
			}
			r := one[0]
			switch s.Op {
			case syntax.OpStar:
				r.Min, r.Max = 0, -1
			case syntax.OpPlus:
				r.Min, r.Max = 1, -1
			case syntax.OpQuest:
				r.Min, r.Max = 0, 1
			default:
				r.Min, r.Max = s.Min, s.Max
			}
			*runs = append(*runs, r)
		case syntax.OpCapture:
			if !appendRuns(runs, s.Sub) {
				return false
			}
		case syntax.OpConcat:
			if !appendRuns(runs, s.Sub) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// asciiSet is the set of the rune ranges (lo, hi pairs) when all are ASCII.
func asciiSet(ranges []rune) ([2]uint64, bool) {
	var set [2]uint64
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] < 0 || ranges[i+1] >= 0x80 {
			return set, false
		}
		for c := ranges[i]; c <= ranges[i+1]; c++ {
			set[c>>6] |= 1 << (c & 63)
		}
	}
	return set, true
}

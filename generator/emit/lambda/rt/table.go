package rt

import (
	"slices"
	"sync"
)

// table is a route table (most specific first) with the index that finds
// a request's candidate routes without scanning every route. The index is
// built on first use, so a cold start does no work for it.
type table struct {
	routes []Route
	once   sync.Once
	byTmpl map[routeKey]int // method and template -> route index
	root   *routeNode       // trie of the routes' segments
}

type routeKey struct{ method, template string }

// routeNode is a node of the trie of route segments: a literal segment
// leads to the child of that literal, any parameter segment (with or
// without literal text around it) to param. The literals are a sorted
// slice, not a map: a binary search of a few short strings costs less than
// hashing the segment (most nodes have one or two children).
type routeNode struct {
	lits   []string     // sorted literal segments
	next   []*routeNode // next[i]: the child of lits[i]
	param  *routeNode
	ends   []int // routes whose template ends here
	greedy []int // routes whose greedy segment comes here
}

// child is the child of literal segment s, or nil.
func (n *routeNode) child(s string) *routeNode {
	lo, hi := 0, len(n.lits)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if n.lits[m] < s {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(n.lits) && n.lits[lo] == s {
		return n.next[lo]
	}
	return nil
}

// addChild returns the child of literal segment s, adding it if missing.
func (n *routeNode) addChild(s string) *routeNode {
	i, found := slices.BinarySearch(n.lits, s)
	if !found {
		n.lits = slices.Insert(n.lits, i, s)
		n.next = slices.Insert(n.next, i, &routeNode{})
	}
	return n.next[i]
}

func (t *table) build() {
	t.byTmpl = make(map[routeKey]int, len(t.routes))
	t.root = &routeNode{}
	for i := range t.routes {
		rt := &t.routes[i]
		if _, dup := t.byTmpl[routeKey{rt.Method, rt.Template}]; !dup {
			t.byTmpl[routeKey{rt.Method, rt.Template}] = i
		}
		n, greedy := t.root, false
		for _, s := range rt.Segs {
			switch {
			case s.Greedy:
				n.greedy, greedy = append(n.greedy, i), true
			case s.Param:
				if n.param == nil {
					n.param = &routeNode{}
				}
				n = n.param
			default:
				n = n.addChild(s.Prefix)
			}
			if greedy {
				break
			}
		}
		if !greedy {
			n.ends = append(n.ends, i)
		}
	}
}

// collect appends every route of n's subtree whose segments can match parts:
// each node is visited at most once, whatever the path.
func (n *routeNode) collect(parts []string, out []int) []int {
	if len(parts) == 0 {
		return append(out, n.ends...)
	}
	out = append(out, n.greedy...)
	if c := n.child(parts[0]); c != nil {
		out = c.collect(parts[1:], out)
	}
	if n.param != nil {
		out = n.param.collect(parts[1:], out)
	}
	return out
}

// candidates lists, in table order, every route that can match parts.
func (t *table) candidates(parts []string, buf []int) []int {
	c := t.root.collect(parts, buf)
	slices.Sort(c)
	return c
}

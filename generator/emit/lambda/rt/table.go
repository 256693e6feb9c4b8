package rt

import (
	"slices"
	"sync"
)

// table is a route table (most specific first) with the index that finds
// a request's candidate routes without scanning every route. The index is
// built on first use, so a cold start does no work for it.
type table struct {
	routes []route
	once   sync.Once
	byTmpl map[routeKey]int // method and template -> route index
	root   *routeNode       // trie of the routes' segments
}

type routeKey struct{ method, template string }

// routeNode is a node of the trie of route segments: a literal segment
// leads to next[literal], any parameter segment (with or without literal
// text around it) to param.
type routeNode struct {
	next   map[string]*routeNode
	param  *routeNode
	ends   []int // routes whose template ends here
	greedy []int // routes whose greedy segment comes here
}

func (t *table) build() {
	t.byTmpl = make(map[routeKey]int, len(t.routes))
	t.root = &routeNode{}
	for i := range t.routes {
		rt := &t.routes[i]
		if _, dup := t.byTmpl[routeKey{rt.method, rt.template}]; !dup {
			t.byTmpl[routeKey{rt.method, rt.template}] = i
		}
		n, greedy := t.root, false
		for _, s := range rt.segs {
			switch {
			case s.greedy:
				n.greedy, greedy = append(n.greedy, i), true
			case s.param:
				if n.param == nil {
					n.param = &routeNode{}
				}
				n = n.param
			default:
				c := n.next[s.prefix]
				if c == nil {
					if n.next == nil {
						n.next = map[string]*routeNode{}
					}
					c = &routeNode{}
					n.next[s.prefix] = c
				}
				n = c
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
	if c := n.next[parts[0]]; c != nil {
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

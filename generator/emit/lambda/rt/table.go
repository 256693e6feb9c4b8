package rt

import (
	"net/url"
	"slices"
	"strings"
	"sync"
)

// table is a route table (most specific first) with the index that finds
// a request's candidate routes without scanning every route. The index is
// built on first use, so a cold start does no work for it.
type table struct {
	routes  []Route
	once    sync.Once
	byTmpl  map[routeKey]int // method and template -> route index
	root    *routeNode       // trie of the routes' segments
	affixed []bool           // affixed[i]: route i has a parameter with literal text around it
}

type routeKey struct{ method, template string }

// routeNode is a node of the trie of route segments: a literal segment
// leads to the child of that literal, any parameter segment (with or
// without literal text around it) to param. The literal children are an
// open-addressed hash table whose seed is chosen, when the trie is built,
// so that few literals (most often none) share a slot: finding a segment's
// child costs one hash of four of its bytes and about one comparison,
// however many children the node has.
type routeNode struct {
	lits   []string     // the literal of each slot of next
	next   []*routeNode // the children by slot; nil: an empty slot
	seed   uint32       // hash seed; 0: no table, at most one child (lits[0])
	shift  uint8        // a hash's slot is its top bits: hash >> shift
	param  *routeNode
	ends   []int // routes whose template ends here
	greedy []int // routes whose greedy segment comes here
}

// segHash hashes a segment by its length and its first, middle and last
// bytes (multiplicative hashing: the slot is the top bits).
func segHash(s string, seed uint32) uint32 {
	h := uint32(len(s))
	if len(s) > 0 {
		h |= uint32(s[0])<<8 | uint32(s[len(s)/2])<<16 | uint32(s[len(s)-1])<<24
	}
	return h * seed
}

// child is the child of literal segment s, or nil.
func (n *routeNode) child(s string) *routeNode {
	if n.seed == 0 {
		if len(n.lits) == 1 && n.lits[0] == s {
			return n.next[0]
		}
		return nil
	}
	mask := uint32(len(n.next) - 1)
	for i := segHash(s, n.seed) >> n.shift; n.next[i&mask] != nil; i++ {
		if n.lits[i&mask] == s {
			return n.next[i&mask]
		}
	}
	return nil
}

// layout lays out the literal children of n and of every node under it:
// while the trie is built, lits and next list them in the order added; a
// node with more than one gets a table of at least twice their number of
// slots, hashed with the one of 16 seeds that leaves the fewest literals
// without a slot of their own (none, for most nodes); such a literal goes
// to the next free slot.
func (n *routeNode) layout() {
	for _, c := range n.next {
		c.layout()
	}
	if n.param != nil {
		n.param.layout()
	}
	if len(n.lits) < 2 {
		return
	}
	bits := 1
	for 1<<bits < 2*len(n.lits) {
		bits++
	}
	size := 1 << bits
	n.shift = uint8(32 - bits)
	taken := make([]bool, size)
	best := len(n.lits) + 1
	for k := uint32(0); k < 16 && best > 0; k++ {
		seed := 0x9e3779b1 + 2*k*0x6a09e667 // odd
		clear(taken)
		shared := 0
		for _, s := range n.lits {
			i := segHash(s, seed) >> n.shift
			if taken[i] {
				shared++
			}
			taken[i] = true
		}
		if shared < best {
			best, n.seed = shared, seed
		}
	}
	lits, next := n.lits, n.next
	n.lits, n.next = make([]string, size), make([]*routeNode, size)
	for j, s := range lits {
		i := segHash(s, n.seed) >> n.shift
		for n.next[i] != nil {
			i = (i + 1) & uint32(size-1)
		}
		n.lits[i], n.next[i] = s, next[j]
	}
}

func (t *table) build() {
	t.byTmpl = make(map[routeKey]int, len(t.routes))
	t.affixed = make([]bool, len(t.routes))
	t.root = &routeNode{}
	type edge struct {
		from *routeNode
		lit  string
	}
	kids := map[edge]*routeNode{} // literal children, while building
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
				t.affixed[i] = t.affixed[i] || s.Prefix != "" || s.Suffix != ""
				if n.param == nil {
					n.param = &routeNode{}
				}
				n = n.param
			default:
				c := kids[edge{n, s.Prefix}]
				if c == nil {
					c = &routeNode{}
					kids[edge{n, s.Prefix}] = c
					n.lits, n.next = append(n.lits, s.Prefix), append(n.next, c)
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
	t.root.layout()
}

// collect appends every route of n's subtree whose literal segments and
// segment count fit parts: each node is visited at most once, whatever the
// path. An empty segment fits no parameter.
func (n *routeNode) collect(parts []string, out []int) []int {
	if len(parts) == 0 {
		return append(out, n.ends...)
	}
	out = append(out, n.greedy...)
	if c := n.child(parts[0]); c != nil {
		out = c.collect(parts[1:], out)
	}
	if n.param != nil && parts[0] != "" {
		out = n.param.collect(parts[1:], out)
	}
	return out
}

// match finds the route of table t for r: by the template API Gateway
// matched when it names one of ours, else by the path. It returns the
// route index and the path parameter values, or -1 and the methods the
// path allows. It answers as a scan of every route in order would.
func match(t *table, r *Request) (int, []string, []string) {
	t.once.Do(t.build)
	routes := t.routes
	if r.template != "" {
		if i, found := t.byTmpl[routeKey{r.method, r.template}]; found {
			rt := &routes[i]
			vals := make([]string, len(rt.Params))
			ok := true
			for j, p := range rt.Params {
				v, found := r.pathVals[p]
				vals[j], ok = v, ok && found
			}
			if ok {
				return i, vals, nil
			}
		}
	}
	// The segments: those of strings.Split after the leading slash (none
	// for "" and "/"), unescaped. One pass over the path puts them on the
	// stack, unless it has too many or one needs unescaping.
	var partBuf [16]string
	p := strings.TrimPrefix(r.path, "/")
	n, start := 0, 0
	for j := 0; j < len(p) && n < len(partBuf); j++ {
		switch p[j] {
		case '/':
			partBuf[n], start = p[start:j], j+1
			n++
		case '%':
			if r.pathRaw {
				n = len(partBuf)
			}
		}
	}
	parts := partBuf[:0]
	if n < len(partBuf) && p != "" {
		partBuf[n] = p[start:]
		parts = partBuf[:n+1]
	} else if p != "" {
		parts = strings.Split(p, "/")
		for i, s := range parts {
			if u, err := url.PathUnescape(s); r.pathRaw && err == nil {
				parts[i] = u
			}
		}
	}
	var buf [8]int
	cands := t.root.collect(parts, buf[:0])
	slices.Sort(cands)
	for _, i := range cands {
		if rt := &routes[i]; rt.Method == r.method && (!t.affixed[i] || affixesFit(rt.Segs, parts)) {
			return i, pathValues(rt, parts), nil
		}
	}
	// No route of the method: the others' methods, for the 405's Allow list.
	var allow []string
	for _, i := range cands {
		if t.affixed[i] && !affixesFit(routes[i].Segs, parts) {
			continue
		}
		if allow == nil { // one allocation for the whole list
			allow = make([]string, 0, len(cands))
		}
		allow = appendUnique(allow, routes[i].Method)
	}
	return -1, nil, allow
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// affixesFit reports whether parts fit the literal text around segs'
// parameters: collect has checked the rest.
func affixesFit(segs []Segment, parts []string) bool {
	for i, s := range segs {
		if s.Greedy {
			return true
		}
		if s.Param && (len(parts[i]) <= len(s.Prefix)+len(s.Suffix) || !strings.HasPrefix(parts[i], s.Prefix) || !strings.HasSuffix(parts[i], s.Suffix)) {
			return false
		}
	}
	return true
}

// pathValues is the values of route rt's path parameters in parts, which
// fit it: nil when it has none.
func pathValues(rt *Route, parts []string) []string {
	var vals []string
	for i, s := range rt.Segs {
		if !s.Param && !s.Greedy {
			continue
		}
		if vals == nil { // one allocation for every value
			vals = make([]string, 0, max(len(rt.Params), 1))
		}
		if s.Greedy {
			return append(vals, strings.Join(parts[i:], "/"))
		}
		vals = append(vals, parts[i][len(s.Prefix):len(parts[i])-len(s.Suffix)])
	}
	return vals
}

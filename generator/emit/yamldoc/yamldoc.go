// Package yamldoc builds YAML documents from Go data with a fixed key order
// and marshals them, so the deploy emitters never write YAML as text. It
// also spells the CloudFormation intrinsic functions they use, in their
// long form ({"Fn::Sub": ...}), which every YAML and JSON tool reads.
package yamldoc

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Map is a mapping whose keys keep the order in which they were first set.
// The zero value is an empty map ready to use.
type Map struct {
	keys []string
	vals map[string]any
}

// NewMap returns a map holding the given key, value pairs in order.
func NewMap(kv ...any) *Map {
	m := &Map{}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}

// Set sets key to v, keeping key's place when it is already present.
func (m *Map) Set(key string, v any) *Map {
	if m.vals == nil {
		m.vals = map[string]any{}
	}
	if _, ok := m.vals[key]; !ok {
		m.keys = append(m.keys, key)
	}
	m.vals[key] = v
	return m
}

// Get returns the value of key.
func (m *Map) Get(key string) (any, bool) {
	if m == nil {
		return nil, false
	}
	v, ok := m.vals[key]
	return v, ok
}

// Delete removes key.
func (m *Map) Delete(key string) {
	if _, ok := m.vals[key]; !ok {
		return
	}
	delete(m.vals, key)
	for i, k := range m.keys {
		if k == key {
			m.keys = append(m.keys[:i], m.keys[i+1:]...)
			break
		}
	}
}

// Keys returns the keys in order.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return append([]string(nil), m.keys...)
}

// Len is the number of keys.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// Sub is the intrinsic {"Fn::Sub": s}.
func Sub(s string) *Map { return NewMap("Fn::Sub", s) }

// SubVars is the intrinsic {"Fn::Sub": [s, vars]}.
func SubVars(s string, vars *Map) *Map { return NewMap("Fn::Sub", []any{s, vars}) }

// Ref is the intrinsic {"Ref": name}.
func Ref(name string) *Map { return NewMap("Ref", name) }

// GetAtt is the intrinsic {"Fn::GetAtt": [resource, attribute]}.
func GetAtt(resource, attribute string) *Map {
	return NewMap("Fn::GetAtt", []any{resource, attribute})
}

// ImportValue is the intrinsic {"Fn::ImportValue": v}.
func ImportValue(v any) *Map { return NewMap("Fn::ImportValue", v) }

// EscapeSub escapes literal text for use inside an Fn::Sub string.
func EscapeSub(s string) string { return strings.ReplaceAll(s, "${", "${!") }

// Encode marshals doc as YAML with two-space indentation, after the header
// lines written as "# " comments. A large document is encoded in chunks
// (encodeChunked): the same bytes, without holding the whole document's
// YAML nodes and emitter events at once.
func Encode(header []string, doc any) ([]byte, error) {
	var buf bytes.Buffer
	for _, h := range header {
		if h == "" {
			buf.WriteString("#\n")
			continue
		}
		buf.WriteString("# " + h + "\n")
	}
	ok, err := encodeChunked(&buf, doc)
	if err != nil || ok {
		return buf.Bytes(), err
	}
	if err := encodeWhole(&buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeWhole writes doc with one encoder.
func encodeWhole(buf *bytes.Buffer, doc any) error {
	n, err := Node(doc)
	if err != nil {
		return err
	}
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}

// Flow writes its value in YAML's flow style ({a: 1, b: [x, y]}): far
// smaller than block style for deep data, and harder to read.
type Flow struct{ Value any }

// Node converts Go data to a YAML node. It accepts *Map, map[string]any
// (keys sorted), []any, []string, []*Map, strings, booleans, integers,
// float64 (whole numbers written as integers) and nil.
func Node(v any) (*yaml.Node, error) {
	switch t := v.(type) {
	case Flow:
		n, err := Node(t.Value)
		if err != nil {
			return nil, err
		}
		n.Style = yaml.FlowStyle
		return n, nil
	case *Map:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if t == nil {
			return n, nil
		}
		for _, k := range t.keys {
			if err := appendPair(n, k, t.vals[k]); err != nil {
				return nil, err
			}
		}
		return n, nil
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := appendPair(n, k, t[k]); err != nil {
				return nil, err
			}
		}
		return n, nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i, x := range t {
			c, err := Node(x)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case []string:
		items := make([]any, len(t))
		for i, s := range t {
			items[i] = s
		}
		return Node(items)
	case []*Map:
		items := make([]any, len(t))
		for i, m := range t {
			items[i] = m
		}
		return Node(items)
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("number %v cannot be written", t)
		}
		if t == math.Trunc(t) && math.Abs(t) < 1e15 {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(t), 10)}, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(t, 'g', -1, 64)}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	case string:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t}
		if strings.HasPrefix(t, "'") && !strings.Contains(t, "\n") {
			// API Gateway's static values ('text'): "'text'" reads better than '''text'''.
			n.Style = yaml.DoubleQuotedStyle
		}
		return n, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t)}, nil
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(t)}, nil
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(t, 10)}, nil
	}
	return nil, fmt.Errorf("cannot write a %T as YAML", v)
}

func appendPair(n *yaml.Node, k string, v any) error {
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}
	val, err := Node(v)
	if err != nil {
		return fmt.Errorf("%s: %w", k, err)
	}
	n.Content = append(n.Content, key, val)
	return nil
}

package rt

import (
	"encoding/json"

	"github.com/go-faster/jx"
)

// OpenAPI 3.1 applicators (prefixItems, contains, patternProperties,
// propertyNames, dependent*, unevaluated*): generated checks read the raw
// value through these. Only schemas using those keywords call them.

// RawItems splits a JSON array into the raw text of its items.
func RawItems(raw []byte) [][]byte {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	var out [][]byte
	_ = d.Arr(func(d *jx.Decoder) error {
		x, err := d.Raw()
		out = append(out, x)
		return err
	})
	jx.PutDecoder(d)
	return out
}

// RawEntries splits a JSON object into its keys and the raw text of their
// values.
func RawEntries(raw []byte) ([]string, [][]byte) {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	var keys []string
	var vals [][]byte
	_ = d.ObjBytes(func(d *jx.Decoder, k []byte) error {
		x, err := d.Raw()
		keys = append(keys, string(k))
		vals = append(vals, x)
		return err
	})
	jx.PutDecoder(d)
	return keys, vals
}

// HasKey reports whether keys holds k.
func HasKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// KeyJSON is an object key as a JSON string, for propertyNames.
func KeyJSON(k string) []byte {
	b, _ := json.Marshal(k)
	return b
}

package types

import (
	"reflect"
	"strings"
	"testing"
)

// TestCheckUnions: every AsX accessor oapi-codegen writes for a union calls
// decodeAlternative with its own name, the unions are listed in source
// order with their accessors in alternative order, and look-alikes that
// are not union accessors are left as they are.
func TestCheckUnions(t *testing.T) {
	src := `package api

import "encoding/json"

type Pay struct{ union json.RawMessage }
type Alias = string

func (t Pay) AsCard() (Card, error) {
	var body Card
	err := json.Unmarshal(t.union, &body)
	return body, err
}

func (t Pay) AsAlias() (Alias, error) {
	var body Alias
	err := json.Unmarshal(t.union, &body)
	return body, err
}

// AsOther reads another field: not a union accessor.
func (t Pay) AsOther() (Card, error) {
	var body Card
	err := json.Unmarshal(t.other, &body)
	return body, err
}

func (t Pet) AsCat() (Cat, error) {
	var body Cat
	err := json.Unmarshal(t.union, &body)
	return body, err
}
`
	out, unions, err := checkUnions([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Union{
		{Type: "Pay", Accessors: []Accessor{{"AsCard", "Card"}, {"AsAlias", "Alias"}}},
		{Type: "Pet", Accessors: []Accessor{{"AsCat", "Cat"}}},
	}
	if !reflect.DeepEqual(unions, want) {
		t.Errorf("unions = %+v, want %+v", unions, want)
	}
	for _, call := range []string{`decodeAlternative(t.union, "Pay.AsCard", &body)`, `decodeAlternative(t.union, "Pay.AsAlias", &body)`, `decodeAlternative(t.union, "Pet.AsCat", &body)`, `json.Unmarshal(t.other, &body)`} {
		if strings.Count(string(out), call) != 1 {
			t.Errorf("want %s once in:\n%s", call, out)
		}
	}
	if n := strings.Count(string(out), "json.Unmarshal(t.union"); n != 0 {
		t.Errorf("%d accessors still decode with encoding/json:\n%s", n, out)
	}
}

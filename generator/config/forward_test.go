package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestLegacyForwardHeaders: legacy.forwardHeaders keeps Authorization or
// Cookie for legacy backends; anything else is refused with its line.
func TestLegacyForwardHeaders(t *testing.T) {
	src := "version: 1\nservice: shop\nlegacy:\n  forwardHeaders: [Authorization, cookie]\n"
	c, err := Parse("specgate.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Authorization", "cookie"}; !reflect.DeepEqual(c.Legacy.ForwardHeaders, want) {
		t.Errorf("forwardHeaders = %v, want %v", c.Legacy.ForwardHeaders, want)
	}
	_, err = Parse("specgate.yaml", []byte("version: 1\nservice: shop\nlegacy:\n  forwardHeaders: [X-Specgate-Subject]\n"))
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Problems) != 1 || ce.Problems[0].Line != 4 || !strings.Contains(err.Error(), "only Authorization and Cookie") {
		t.Errorf("forwardHeaders [X-Specgate-Subject]: %v, want one problem on line 4 naming Authorization and Cookie", err)
	}
}

// Package rt is the run-time support of generated request validation. The
// validate emitter copies its files verbatim into every generated project's
// runtime package, internal/apirt (validate*.gen.go), beside the Lambda
// runtime's (generator/emit/lambda/rt), whose Params and ProblemError
// lambda.go stands in for here. The generated validators in the api
// package are functions taking the validation State; it exports what they
// call. It imports only the standard library and github.com/go-faster/jx.
// It is a real package so that it can be tested here. This file holds the
// validation state and its errors; numbers.go, formats.go, values.go,
// params.go, applicators.go and idna.go the checks of each kind.
package rt

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/go-faster/jx"
)

// maxViolations bounds the violations one request reports.
const maxViolations = 100

// violation is one thing wrong with a request.
type violation struct {
	in, name, pointer, keyword, message string
}

// pathSeg is one step of the JSON pointer to the value being decoded: an
// object key (index < 0) or an array index.
type pathSeg struct {
	key   string // may borrow the request body's bytes (see PushKey)
	index int
}

// State collects the violations of one request while its values are
// decoded. Failures inside an alternative being tried (oneOf, anyOf, not)
// are only counted.
type State struct {
	errs  []violation
	path  []pathSeg
	mute  int    // > 0 while trying alternatives
	Fails int    // failures seen, muted or not
	In    string // where the value being decoded travels: body, path, query, header or cookie
	Name  string // the parameter's name; "" for the body
	buf   []byte // scratch for building parameter JSON
	// pscratch is scratch for building a JSON pointer (see Pointer).
	pscratch []byte
	pbuf     [8]pathSeg

	Malformed string // why the body is not JSON (End)

	// arena holds the bytes of the request's decoded strings (see Str);
	// never reused: Release drops it. arenaSize is its next size.
	arena     []byte
	arenaSize int
	// strs is the slab NewString hands out, never reused either.
	strs []string

	// dec reads the body (Begin); subs[:nsub] the raw values Run and
	// Matches read, one a nesting level. They stay with the pooled State,
	// so a request takes no decoder from jx's pool (a sync.Pool get and
	// put each, 5% of a small body's time).
	dec  jx.Decoder
	subs []*jx.Decoder
	nsub int
	// keyed is set once a key read from the body is on the path (PushKey):
	// Release clears pbuf then, so the pool keeps no body alive.
	keyed bool
}

var statePool = sync.Pool{New: func() any { return new(State) }}

// NewState takes a cleared State from the pool; Release returns it.
func NewState() *State {
	s := statePool.Get().(*State)
	s.path = s.pbuf[:0]
	return s
}

// Flush hands the violations found to the router's problem list p.
func (s *State) Flush(p *Params) {
	if n := len(p.Errs) + len(s.errs); n > cap(p.Errs) {
		grown := make([]ProblemError, len(p.Errs), n)
		copy(grown, p.Errs)
		p.Errs = grown
	}
	for _, e := range s.errs {
		p.Errs = append(p.Errs, ProblemError{In: e.in, Name: e.name, Pointer: e.pointer, Keyword: e.keyword, Message: e.message})
	}
}

// Done ends a parameter decoder: it hands the violations found to p
// (Flush) and returns s to the pool (Release). One call, not inlined into
// every decoder, keeps the generated code short to compile.
func (s *State) Done(p *Params) {
	s.Flush(p)
	s.Release()
}

// Release clears s and returns it to the pool. It resets the fields one
// by one rather than assigning a new State: that copy wrote every pointer
// slot of the struct through the GC's bulk write barrier.
func (s *State) Release() {
	clear(s.errs)
	s.errs, s.buf, s.pscratch = s.errs[:0], s.buf[:0], s.pscratch[:0]
	s.path, s.mute, s.Fails, s.In, s.Name = nil, 0, 0, "", ""
	s.Malformed, s.arena, s.arenaSize, s.strs = "", nil, 0, nil
	s.dec.ResetBytes(nil)
	for _, d := range s.subs {
		d.ResetBytes(nil)
	}
	s.nsub = 0
	if s.keyed {
		clear(s.pbuf[:])
		s.keyed = false
	}
	statePool.Put(s)
}

// Push enters the object member key of the value being decoded.
func (s *State) Push(key string) { s.path = append(s.path, pathSeg{key: key, index: -1}) }

// PushKey pushes a key read from the body; the key is only read while it
// is on the path, and the body outlives the decoding.
func (s *State) PushKey(key []byte) {
	s.keyed = true
	s.path = append(s.path, pathSeg{key: StringOf(key), index: -1})
}

// PushIdx enters the array item i of the value being decoded.
func (s *State) PushIdx(i int) { s.path = append(s.path, pathSeg{index: i}) }

// Pop leaves the member or item last entered.
func (s *State) Pop() { s.path = s.path[:len(s.path)-1] }

// Pointer is the RFC 6901 JSON pointer of the current value.
func (s *State) Pointer() string {
	if len(s.path) == 0 {
		return ""
	}
	b := s.pscratch[:0]
	for _, p := range s.path {
		b = append(b, '/')
		if p.index >= 0 {
			b = strconv.AppendInt(b, int64(p.index), 10)
		} else {
			b = appendEscaped(b, p.key)
		}
	}
	s.pscratch = b
	return s.Str(b)
}

// appendEscaped appends key escaped for a JSON pointer (RFC 6901).
func appendEscaped(b []byte, key string) []byte {
	for i := 0; i < len(key); i++ {
		switch c := key[i]; c {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, c)
		}
	}
	return b
}

// Fail records a violation of keyword at the current value.
func (s *State) Fail(keyword, message string) {
	s.Fails++
	if s.mute > 0 || len(s.errs) >= maxViolations {
		return
	}
	s.errs = append(s.errs, violation{in: s.In, name: s.Name, pointer: s.Pointer(), keyword: keyword, message: message})
}

// FailAt records a violation at the child key of the current value.
func (s *State) FailAt(key, keyword, message string) {
	s.Push(key)
	s.Fail(keyword, message)
	s.Pop()
}

// typeErr records that the value has the wrong JSON type.
func (s *State) typeErr(want string, got jx.Type) {
	s.Fail("type", "must be "+want+", not "+jsonTypeName(got))
}

func jsonTypeName(t jx.Type) string {
	switch t {
	case jx.String:
		return "a string"
	case jx.Number:
		return "a number"
	case jx.Bool:
		return "a boolean"
	case jx.Null:
		return "null"
	case jx.Array:
		return "an array"
	case jx.Object:
		return "an object"
	}
	return "invalid JSON"
}

// keyName quotes an object key for a message.
func keyName(k []byte) string { return strconv.Quote(string(k)) }

// checkFunc validates one value read from d.
type checkFunc func(s *State, d *jx.Decoder) error

// Matches reports whether raw passes f, without recording violations.
func (s *State) Matches(raw []byte, f checkFunc) bool {
	before := s.Fails
	s.mute++
	err := f(s, s.sub(raw))
	s.nsub--
	s.mute--
	ok := err == nil && s.Fails == before
	s.Fails = before
	return ok
}

// Run validates raw with f, recording violations.
func (s *State) Run(raw []byte, f checkFunc) error {
	err := f(s, s.sub(raw))
	s.nsub--
	return err
}

// sub is the decoder of the next nesting level of Run and Matches, reset
// to raw; the caller gives it back with s.nsub--.
func (s *State) sub(raw []byte) *jx.Decoder {
	if s.nsub == len(s.subs) {
		s.subs = append(s.subs, new(jx.Decoder))
	}
	d := s.subs[s.nsub]
	s.nsub++
	d.ResetBytes(raw)
	return d
}

// The sizes of a request's string arena: the allocation a decoded string
// of at most maxArenaString bytes shares with the request's others.
const (
	minArena       = 64
	maxArena       = 1024
	maxArenaString = 256
)

// Str returns b as a string of its own: a copy in the request's arena,
// one allocation for the request's short strings instead of one each
// (a long one gets its own). The arena is only appended to, never written
// below its length, and dropped by release, so a string it holds never
// changes, and it lives on as long as any of them (the handler's values).
//
// The common case, b fits in the arena, is inlined into every decoder of
// a string; the rest (strSlow) is one call, not copied into each.
func (s *State) Str(b []byte) string {
	if n := len(s.arena); len(b) != 0 && len(b) <= maxArenaString && len(b) <= cap(s.arena)-n {
		s.arena = s.arena[:n+len(b)]
		copy(s.arena[n:], b)
		return unsafe.String(&s.arena[n], len(b))
	}
	return s.strSlow(b)
}

// strSlow is str for an empty b, a long one, or one the arena has no room
// left for.
//
//go:noinline
func (s *State) strSlow(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxArenaString {
		return string(b)
	}
	if cap(s.arena)-len(s.arena) < len(b) {
		s.arena = make([]byte, 0, max(s.arenaSize, minArena, len(b)))
	}
	start := len(s.arena)
	s.arena = append(s.arena, b...)
	return unsafe.String(&s.arena[start], len(b))
}

// strSlab is how many optional strings one allocation of NewString holds.
const strSlab = 4

// NewString returns a new, empty *string for an optional string value (a
// pointer field of the generated types): a slot of a slab of strSlab
// strings the request's values share, one allocation for a request's
// optional strings instead of one each. A slot is handed out once and the
// slab is dropped by Release, never reused, so each pointer is the value's
// own and keeps only its slab alive.
func (s *State) NewString() *string {
	if len(s.strs) == cap(s.strs) {
		s.strs = make([]string, 0, strSlab)
	}
	s.strs = s.strs[:len(s.strs)+1]
	return &s.strs[len(s.strs)-1]
}

// StringOf is a []byte seen as a string without copying; it must not outlive b.
func StringOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// RuneCount is a string's length in Unicode code points: the ASCII
// prefix counted inline, the rest by one call (runeCountRest), not a copy
// of utf8.RuneCount in every decoder of a string with a length.
func RuneCount(b []byte) int64 {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return int64(i) + runeCountRest(b[i:])
		}
	}
	return int64(len(b))
}

//go:noinline
func runeCountRest(b []byte) int64 { return int64(utf8.RuneCount(b)) }

// OneOfFail reports a value matching n of the total oneOf alternatives.
func (s *State) OneOfFail(n, total int) {
	if n == 0 {
		s.Fail("oneOf", "must match exactly one of the "+strconv.Itoa(total)+" alternatives (oneOf), but matches none")
		return
	}
	s.Fail("oneOf", "must match exactly one of the "+strconv.Itoa(total)+" alternatives (oneOf), but matches "+strconv.Itoa(n))
}

// errNotAlternative is what a union's AsX accessor returns when the union
// does not hold a valid X.
var errNotAlternative = errors.New("the union does not hold a valid value of this alternative")

// ErrUncheckedAlternative is what AsX returns for an alternative of a
// request's union whose schema the generator could not match, rather than
// hand out a value nothing checked.
var ErrUncheckedAlternative = errors.New("this alternative of the union cannot be checked: read the union's JSON with MarshalJSON and validate it yourself")

// ValidBody decodes and validates a JSON request body (the Lambda
// runtime's Request.JSONBody) into v with f, the decoder of the body's
// schema, and returns v; or P's zero value, with the violations in p.
// Generic over a pointer type, it is compiled once, not once per
// operation.
func ValidBody[P any](p *Params, body []byte, v P, f func(*State, *jx.Decoder, P) error) P {
	var none P
	s := NewState()
	defer s.Release()
	s.In = "body"
	ok := false
	if d := s.Begin(body); d != nil {
		ok = s.End(d, f(s, d, v), body)
	}
	if !ok {
		p.Errs = append(p.Errs, ProblemError{In: "body", Keyword: "json", Message: s.Malformed})
		return none
	}
	s.Flush(p)
	return v
}

// CheckedAlternative fills v from a union's kept JSON with the generated
// decoder f (exact keys, every keyword checked, defaults applied), and
// fails unless the JSON is a valid value of v's alternative.
func CheckedAlternative[T any](raw []byte, f func(*State, *jx.Decoder, *T) error, v *T) error {
	s := NewState()
	defer s.Release()
	s.In = "body"
	d := jx.GetDecoder()
	defer jx.PutDecoder(d)
	d.ResetBytes(raw)
	if err := f(s, d, v); err != nil || s.Fails > 0 {
		return errNotAlternative
	}
	return nil
}

// Begin starts decoding a whole request body; it returns nil, with
// s.malformed set, when the body is not UTF-8.
func (s *State) Begin(body []byte) *jx.Decoder {
	if !utf8.Valid(body) {
		s.Malformed = "the body is not valid UTF-8"
		return nil
	}
	if !pairedSurrogates(body) {
		s.Malformed = "the body escapes half of a UTF-16 surrogate pair (\\ud800 alone), which stands for no character"
		return nil
	}
	d := &s.dec
	d.ResetBytes(body)
	// Strings are a fraction of a JSON body: half of it holds them all in
	// most bodies, in one allocation.
	s.arenaSize = min(max(len(body)/2, minArena), maxArena)
	return d
}

// End finishes decoding a body: it reports false, with s.Malformed set,
// when decoding failed or data follows the JSON value.
func (s *State) End(d *jx.Decoder, err error, body []byte) bool {
	if err == nil {
		if err = d.Skip(); err == io.EOF {
			err = nil
		} else if err == nil {
			err = errTrailing
		}
	}
	if err != nil {
		s.Malformed = malformedMessage(body)
		return false
	}
	return true
}

var errTrailing = errors.New("data after the JSON value")

// malformedMessage says where a body stops being JSON.
func malformedMessage(body []byte) string {
	var v any
	err := json.Unmarshal(body, &v)
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return "malformed JSON at byte " + strconv.FormatInt(syn.Offset, 10) + ": " + syn.Error()
	case err != nil:
		return "malformed JSON: " + err.Error()
	}
	return "malformed JSON: nested too deeply"
}

// Seen marks a declared property as read, and reports (as a violation)
// one that the object gives a second time.
func (s *State) Seen(word *uint64, bit uint64, name string) bool {
	if *word&bit != 0 {
		s.FailAt(name, "duplicate", "is given more than once")
		return true
	}
	*word |= bit
	return false
}

// CaseVariant reports (as a violation) an object key that is not one of
// the declared property names but equals one of them ignoring letter case
// (bytes.EqualFold, as encoding/json matches keys to struct fields). JSON
// names are case-sensitive, so validation treats such a key as another
// property; encoding/json, which fills union alternatives and other Go
// types from kept JSON, would bind it to the declared field, so a value
// nobody checked would reach the handler. Refusing it keeps every accessor
// on checked values. Called only for keys that matched no declared name.
func (s *State) CaseVariant(k []byte, names ...string) bool {
	key := StringOf(k)
	for _, n := range names {
		if strings.EqualFold(key, n) {
			s.PushKey(k)
			s.Fail("caseVariant", "differs from the property "+strconv.Quote(n)+" only in letter case: names are case-sensitive")
			s.Pop()
			return true
		}
	}
	return false
}

// NotNull reads a null the schema does not allow.
func (s *State) NotNull(d *jx.Decoder, message string) error {
	s.Fail("type", message)
	return d.Null()
}

// WrongType skips a value of a JSON type the schema does not allow.
func (s *State) WrongType(d *jx.Decoder, want string) error {
	s.typeErr(want, d.Next())
	return d.Skip()
}

package validate

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

func (g *gen) stringCase(fs []*model.JSONSchema, t *gtype) {
	g.declared("b", "b, err := d.StrBytes()\nif err != nil {\nreturn err\n}", "if _, err := d.StrBytes(); err != nil {\nreturn err\n}",
		func() { g.stringChecks(fs, t) })
}

// stringChecks checks and stores a string value (in scope as b).
func (g *gen) stringChecks(fs []*model.JSONSchema, t *gtype) {
	var enumStrings []string
	for _, f := range fs {
		if hasEnum(f) {
			vals := enumValues(f)
			var cases []string
			for _, v := range vals {
				if s, ok := v.(string); ok && !contains(cases, strconv.Quote(s)) {
					cases = append(cases, strconv.Quote(s))
				}
			}
			if len(cases) == 0 {
				g.p("s.Fail(%q, %q)", enumKeyword(f), enumMessage(vals))
			} else {
				g.p("if %s {\ns.Fail(%q, %q)\n}", noneOf("apirt.StringOf(b)", cases), enumKeyword(f), enumMessage(vals))
				if enumStrings == nil {
					enumStrings = cases
				}
			}
		}
	}
	needLen := false
	for _, f := range fs {
		needLen = needLen || f.MinLength > 0 || f.MaxLength != nil
	}
	if needLen {
		g.p("n := apirt.RuneCount(b)")
	}
	formats := map[string]bool{}
	for _, f := range fs {
		if f.MinLength > 0 {
			g.p("if n < %d {\ns.Fail(\"minLength\", %q)\n}", f.MinLength, fmt.Sprintf("must be at least %d character%s long", f.MinLength, plural(f.MinLength)))
		}
		if f.MaxLength != nil {
			g.p("if n > %d {\ns.Fail(\"maxLength\", %q)\n}", *f.MaxLength, fmt.Sprintf("must be at most %d character%s long", *f.MaxLength, plural(*f.MaxLength)))
		}
		if f.Pattern != "" && !f.PatternSkipped {
			g.p("if !%s.Match(b) {\ns.Fail(\"pattern\", %q)\n}", g.regexp(f.Pattern), "must match the pattern "+f.Pattern)
		}
		if f.Format != "" && !formats[f.Format] && f.Format != parsedFormat(t) {
			if check, msg, ok := formatCheck(f.Format); ok {
				formats[f.Format] = true
				g.p("if !%s {\ns.Fail(\"format\", %q)\n}", check, msg)
			}
		}
	}
	if t == nil {
		return
	}
	switch t.kind {
	case kString:
		if enumStrings != nil && t.expr != "string" {
			g.p("switch apirt.StringOf(b) {")
			for _, c := range enumStrings {
				g.p("case %s:\n*v = %s", c, c)
			}
			g.p("default:\n*v = %s(s.Str(b))", t.expr)
			g.p("}")
		} else {
			g.p("*v = %s(s.Str(b))", t.expr)
		}
	case kTime:
		g.parseStore("apirt.ParseDateTime(b)", "x", !formats["date-time"], "must be an RFC 3339 date-time such as 2024-01-31T09:30:00Z")
	case kDate:
		g.parseStore("apirt.ParseDate(b)", t.expr+"{Time: x}", !formats["date"], "must be an RFC 3339 date such as 2024-01-31")
	case kUUID:
		g.parseStore("apirt.ParseUUID(b)", "x", !formats["uuid"], "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000")
	case kBytes:
		g.parseStore("apirt.DecodeByte(b)", "x", !formats["byte"], "must be base64 (RFC 4648, with padding)")
	}
}

// parsedFormat is the format whose check parsing into t is: the value is
// parsed once, by parseStore, which reports it (isUUID(b) is parseUUID's
// ok, and so on).
func parsedFormat(t *gtype) string {
	if t == nil {
		return ""
	}
	switch t.kind {
	case kTime:
		return "date-time"
	case kDate:
		return "date"
	case kUUID:
		return "uuid"
	}
	return ""
}

// parseStore stores a parsed string; when no format check reported the
// failure already, a value that does not parse is reported here.
func (g *gen) parseStore(call, value string, report bool, msg string) {
	s := fmt.Sprintf("if x, ok := %s; ok {\n*v = %s\n}", call, value)
	if report {
		s += fmt.Sprintf(" else {\ns.Fail(\"format\", %q)\n}", msg)
	}
	g.p("%s", s)
}

// formatCheck is the Go condition (on b) that a format holds, and the
// message when it does not. Unknown formats are not checked.
func formatCheck(format string) (string, string, bool) {
	switch format {
	case "email":
		return "apirt.IsEmail(b)", "must be an email address", true
	case "uuid":
		return "apirt.IsUUID(b)", "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000", true
	case "date":
		return "apirt.IsDate(b)", "must be an RFC 3339 date such as 2024-01-31", true
	case "date-time":
		return "apirt.IsDateTime(b)", "must be an RFC 3339 date-time such as 2024-01-31T09:30:00Z", true
	case "time":
		return "apirt.IsTime(b)", "must be an RFC 3339 time such as 09:30:00Z", true
	case "uri":
		return "apirt.IsURI(b)", "must be an absolute URI such as https://example.com/a", true
	case "hostname":
		return "apirt.IsHostname(b)", "must be a host name (RFC 1123)", true
	case "ipv4":
		return "apirt.IsIPv4(b)", "must be an IPv4 address", true
	case "ipv6":
		return "apirt.IsIPv6(b)", "must be an IPv6 address", true
	case "byte":
		return "apirt.IsByte(b)", "must be base64 (RFC 4648, with padding)", true
	}
	return "", "", false
}

// regexp is the Go expression of the matcher of pattern (with methods
// Match and MatchString): an asciiPattern when model.ASCIIPattern finds
// it simple, else the regexp compiled on first use.
func (g *gen) regexp(pattern string) string {
	i, ok := g.regIdx[pattern]
	if !ok {
		i = len(g.regexps)
		g.regIdx[pattern] = i
		g.regexps = append(g.regexps, pattern)
	}
	if _, simple := model.ASCIIPattern(goPattern(pattern)); simple {
		return fmt.Sprintf("pattern%d", i)
	}
	return fmt.Sprintf("pattern%d()", i)
}

func floatLit(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// numText is a number as people write it, in messages and the report:
// plain notation (10000000, 0.01), exponents only beyond what anyone
// writes out (as JavaScript prints numbers: 1e+21, 1e-7). It is also a
// valid Go constant.
func numText(f float64) string {
	if a := math.Abs(f); a != 0 && (a >= 1e21 || a < 1e-6) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (g *gen) numberCase(fs []*model.JSONSchema, t *gtype) {
	g.declared("n", "n, err := s.Num(d)\nif err != nil {\nreturn err\n}", "if _, err := s.Num(d); err != nil {\nreturn err\n}",
		func() { g.numberChecks(fs, t) })
}

// numberChecks checks and stores a number (in scope as n).
func (g *gen) numberChecks(fs []*model.JSONSchema, t *gtype) {
	intDone := false
	for _, f := range fs {
		if requiresInt(f) && !intDone {
			intDone = true
			g.p("if !n.IsInt() {\ns.Fail(\"type\", \"must be an integer\")\n}")
		}
		if requiresInt(f) {
			switch f.Format {
			case "int32":
				g.p("if n.IsInt() && (n.Float < -2147483648 || n.Float > 2147483647) {\ns.Fail(\"format\", \"must fit in a signed 32-bit integer\")\n}")
			case "int64":
				g.p("if n.IsInt() && (n.Float < -9223372036854775808 || n.Float > 9223372036854775807) {\ns.Fail(\"format\", \"must fit in a signed 64-bit integer\")\n}")
			}
		}
		if f.Minimum != nil {
			g.p("if n.Cmp(%[1]s, %[1]q) < 0 {\ns.Fail(\"minimum\", %[2]q)\n}", floatLit(*f.Minimum), "must be at least "+numText(*f.Minimum))
		}
		if f.ExclusiveMinimum != nil {
			g.p("if n.Cmp(%[1]s, %[1]q) <= 0 {\ns.Fail(\"exclusiveMinimum\", %[2]q)\n}", floatLit(*f.ExclusiveMinimum), "must be greater than "+numText(*f.ExclusiveMinimum))
		}
		if f.Maximum != nil {
			g.p("if n.Cmp(%[1]s, %[1]q) > 0 {\ns.Fail(\"maximum\", %[2]q)\n}", floatLit(*f.Maximum), "must be at most "+numText(*f.Maximum))
		}
		if f.ExclusiveMaximum != nil {
			g.p("if n.Cmp(%[1]s, %[1]q) >= 0 {\ns.Fail(\"exclusiveMaximum\", %[2]q)\n}", floatLit(*f.ExclusiveMaximum), "must be less than "+numText(*f.ExclusiveMaximum))
		}
		if m := f.MultipleOf; m != nil && *m > 0 && !math.IsInf(*m, 0) {
			mant, scale := decimalParts(*m)
			g.p("if !apirt.MultipleOf(n, apirt.DecimalDivisor{Mant: %d, Scale: %d}) {\ns.Fail(\"multipleOf\", %q)\n}", mant, scale, "must be a multiple of "+numText(*m))
		}
		if hasEnum(f) {
			vals := enumValues(f)
			var conds []string
			for _, v := range vals {
				if x, ok := v.(float64); ok {
					conds = append(conds, "n.Float == "+floatLit(x))
				}
			}
			if len(conds) == 0 {
				g.p("s.Fail(%q, %q)", enumKeyword(f), enumMessage(vals))
			} else {
				g.p("if !(%s) {\ns.Fail(%q, %q)\n}", strings.Join(conds, " || "), enumKeyword(f), enumMessage(vals))
			}
		}
	}
	if t == nil {
		return
	}
	switch t.kind {
	case kInt, kUint:
		conv, what := "ToInt", fmt.Sprintf("a %d-bit integer", t.bits)
		if t.kind == kUint {
			conv, what = "ToUint", fmt.Sprintf("an unsigned %d-bit integer", t.bits)
		}
		code := fmt.Sprintf("if x, ok := n.%s(%d); ok {\n*v = %s(x)\n} else if n.IsInt() {\ns.Fail(\"format\", %q)\n}", conv, t.bits, t.expr, "is out of range (the service keeps it as "+what+")")
		if !intDone {
			code += " else {\ns.Fail(\"type\", \"must be an integer\")\n}"
		}
		g.p("%s", code)
	case kFloat:
		if t.bits == 32 {
			g.p("if n.FitsFloat32() {\n*v = %s(n.Float)\n} else {\ns.Fail(\"format\", \"is out of range (the service keeps it as a 32-bit float)\")\n}", t.expr)
		} else {
			g.p("*v = %s(n.Float)", t.expr)
		}
	}
}

// decimalParts writes m (> 0) as mant * 10^-scale with an integer mant.
func decimalParts(m float64) (uint64, int) {
	s := strconv.FormatFloat(m, 'e', -1, 64) // d.ddddde±xx
	mantText, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	intPart, frac, _ := strings.Cut(mantText, ".")
	mant, _ := strconv.ParseUint(intPart+frac, 10, 64)
	return mant, len(frac) - exp
}

func (g *gen) boolCase(fs []*model.JSONSchema, t *gtype) {
	g.declared("b", "b, err := d.Bool()\nif err != nil {\nreturn err\n}", "if _, err := d.Bool(); err != nil {\nreturn err\n}",
		func() { g.boolChecks(fs, t) })
}

// boolChecks checks and stores a boolean (in scope as b).
func (g *gen) boolChecks(fs []*model.JSONSchema, t *gtype) {
	for _, f := range fs {
		if !hasEnum(f) {
			continue
		}
		vals := enumValues(f)
		var conds []string
		for _, v := range vals {
			if x, ok := v.(bool); ok {
				conds = append(conds, fmt.Sprintf("b == %t", x))
			}
		}
		if len(conds) == 0 {
			g.p("s.Fail(%q, %q)", enumKeyword(f), enumMessage(vals))
		} else {
			g.p("if !(%s) {\ns.Fail(%q, %q)\n}", strings.Join(conds, " || "), enumKeyword(f), enumMessage(vals))
		}
	}
	if t != nil {
		g.p("*v = %s(b)", t.expr)
	}
}

var unicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// goPattern is an OpenAPI (ECMA-262) pattern as Go's regexp reads it:
// \uXXXX becomes \x{XXXX} (the same rewrite spec.GoPattern makes when it
// checks the pattern compiles).
func goPattern(pattern string) string {
	return unicodeEscape.ReplaceAllString(pattern, `\x{$1}`)
}

// noneOf is the Go condition that expr (a string) equals none of the
// quoted values: one comparison for one value, else a chain of them over
// a local (an if statement's init).
func noneOf(expr string, quoted []string) string {
	if len(quoted) == 1 {
		return expr + " != " + quoted[0]
	}
	conds := make([]string, len(quoted))
	for i, q := range quoted {
		conds[i] = "x != " + q
	}
	return "x := " + expr + "; " + strings.Join(conds, " && ")
}

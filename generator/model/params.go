package model

// MultiValued reports whether array parameter p, of this schema, takes its
// items from repeated query keys (?id=1&id=2): an exploded array of style
// form, spaceDelimited or pipeDelimited in the query. Any other query
// parameter must appear at most once. The generated validation reads
// parameters by this rule and contract tests send them by it.
func (v *ParamSchema) MultiValued(p *Param) bool {
	return p.Array && p.In == InQuery && v.Explode && (v.Style == "form" || v.Style == "spaceDelimited" || v.Style == "pipeDelimited")
}

// Separator is the text between an array parameter's items when they
// travel in one value (not MultiValued): a space for spaceDelimited, | for
// pipeDelimited, . and ; for exploded label and matrix, else a comma.
func (v *ParamSchema) Separator() string {
	switch v.Style {
	case "spaceDelimited":
		return " "
	case "pipeDelimited":
		return "|"
	case "label":
		if v.Explode {
			return "."
		}
	case "matrix":
		if v.Explode {
			return ";"
		}
	}
	return ","
}

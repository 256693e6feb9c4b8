package evolve

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Formats are the report formats Write knows.
var Formats = []string{"text", "markdown", "json", "changelog"}

// Write prints the report in format (text, markdown, json, changelog).
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text", "":
		return r.text(w)
	case "markdown":
		return r.markdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "changelog":
		return r.changelog(w)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

func (r *Report) summary() string {
	n := r.Count()
	verdict := "passes"
	if r.Failed {
		verdict = "fails"
	}
	accepted := 0
	for _, c := range r.Changes {
		if c.Accepted {
			accepted++
		}
	}
	s := fmt.Sprintf("%d errors, %d warnings, %d info", n[Error], n[Warning], n[Info])
	if accepted > 0 {
		s += fmt.Sprintf(" (%d acknowledged)", accepted)
	}
	return fmt.Sprintf("%s: the gate %s at --fail-on %s", s, verdict, r.FailOn)
}

func where(c Change) string {
	if c.Operation == "" {
		return "API"
	}
	return c.Operation
}

func (r *Report) text(w io.Writer) error {
	fmt.Fprintf(w, "specgate diff %s -> %s\n", r.Base, r.New)
	for _, c := range r.Changes {
		mark := ""
		if c.Accepted {
			mark = " [acknowledged: " + c.Reason + "]"
		}
		fmt.Fprintf(w, "%-7s %s: %s [%s]%s\n", c.Level, where(c), c.Message, c.Rule, mark)
	}
	for _, d := range r.Deprecated {
		fmt.Fprintf(w, "deprecated %s\n", d.describe())
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}

func (d Deprecation) describe() string {
	s := d.Operation
	if d.Parameter != "" {
		s += " parameter " + d.Parameter
	}
	if d.Sunset != "" {
		s += " (sunset " + d.Sunset + ")"
	}
	return s
}

// mdCell makes text safe inside a markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "`", "'")
}

func (r *Report) markdown(w io.Writer) error {
	icon := "✅"
	if r.Failed {
		icon = "❌"
	}
	fmt.Fprintf(w, "## %s specgate diff\n\n`%s` → `%s`: %s\n\n", icon, mdCell(r.Base), mdCell(r.New), r.summary())
	if len(r.Changes) > 0 {
		fmt.Fprintln(w, "| level | operation | change | rule | who feels it |")
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
		for _, c := range r.Changes {
			msg := mdCell(c.Message)
			if c.Accepted {
				msg += " — **acknowledged:** " + mdCell(c.Reason)
			}
			aud := make([]string, len(c.Audiences))
			for i, a := range c.Audiences {
				aud[i] = string(a)
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | `%s` | %s |\n", c.Level, mdCell(where(c)), msg, c.Rule, strings.Join(aud, ", "))
		}
		fmt.Fprintln(w)
	}
	if len(r.Deprecated) > 0 {
		fmt.Fprintln(w, "### Deprecated")
		fmt.Fprintln(w)
		for _, d := range r.Deprecated {
			fmt.Fprintf(w, "- `%s`\n", mdCell(d.describe()))
		}
		fmt.Fprintln(w)
	}
	if r.Failed {
		_, err := fmt.Fprintf(w, "To make a breaking change on purpose, add it to `%s` with the operation, rule and reason.\n", AcceptFile)
		return err
	}
	return nil
}

// changelog groups the changes by who feels them.
func (r *Report) changelog(w io.Writer) error {
	fmt.Fprintf(w, "# Changes from %s to %s\n", r.Base, r.New)
	for _, a := range Audiences {
		var lines []string
		for _, c := range r.Changes {
			if slices.Contains(c.Audiences, a) {
				line := fmt.Sprintf("- **%s** %s: %s", c.Level, where(c), c.Message)
				if c.Accepted {
					line += " (acknowledged: " + c.Reason + ")"
				}
				lines = append(lines, line)
			}
		}
		if a != BackendOwners {
			for _, d := range r.Deprecated {
				lines = append(lines, "- **deprecated** "+d.describe())
			}
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n## For %s\n\n%s\n", a, strings.Join(lines, "\n"))
	}
	_, err := fmt.Fprintf(w, "\n%s\n", r.summary())
	return err
}

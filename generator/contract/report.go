package contract

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"
)

// Failed reports whether any case failed.
func Failed(results []Result) bool {
	for _, r := range results {
		if r.Outcome == Fail {
			return true
		}
	}
	return false
}

// WriteSummary writes a table of outcomes per operation, then every case
// that failed or was skipped (or not implemented) with why.
func WriteSummary(w io.Writer, target string, results []Result) error {
	type row struct{ pass, fail, skip, ni int }
	rows := map[string]*row{}
	var ops []string
	total := &row{}
	for _, r := range results {
		x := rows[r.Operation]
		if x == nil {
			x = &row{}
			rows[r.Operation] = x
			ops = append(ops, r.Operation)
		}
		for _, y := range []*row{x, total} {
			switch r.Outcome {
			case Pass:
				y.pass++
			case Fail:
				y.fail++
			case Skip:
				y.skip++
			case NotImplemented:
				y.ni++
			}
		}
	}
	sort.Strings(ops)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "OPERATION\tPASS\tFAIL\tSKIP\tNOT IMPLEMENTED\n")
	for _, op := range ops {
		x := rows[op]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", op, x.pass, x.fail, x.skip, x.ni)
	}
	fmt.Fprintf(tw, "total (%s)\t%d\t%d\t%d\t%d\n", target, total.pass, total.fail, total.skip, total.ni)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, o := range []Outcome{Fail, NotImplemented, Skip} {
		for _, r := range results {
			if r.Outcome == o {
				fmt.Fprintf(w, "%s: %s: %s\n", o, r.Name, r.Detail)
			}
		}
	}
	return nil
}

// WriteJSON writes the results as one JSON document.
func WriteJSON(w io.Writer, target string, results []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Target  string   `json:"target"`
		Failed  bool     `json:"failed"`
		Results []Result `json:"results"`
	}{target, Failed(results), results})
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the results as a JUnit XML report: one test suite
// named after the target, one test case per case (class: the operation).
// A not-implemented case is a skipped one whose message says so.
func WriteJUnit(w io.Writer, target string, results []Result) error {
	s := junitSuite{Name: "specgate test " + target, Tests: len(results)}
	var total time.Duration
	for _, r := range results {
		c := junitCase{Name: r.Name, Classname: r.Operation, Time: seconds(r.Duration)}
		switch r.Outcome {
		case Fail:
			s.Failures++
			c.Failure = &junitMessage{Message: r.Detail}
		case Skip:
			s.Skipped++
			c.Skipped = &junitMessage{Message: r.Detail}
		case NotImplemented:
			s.Skipped++
			c.Skipped = &junitMessage{Message: "not implemented: " + r.Detail}
		}
		total += r.Duration
		s.Cases = append(s.Cases, c)
	}
	s.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{s}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// ReadJUnit reads the outcome of every case of a report WriteJUnit wrote:
// pass, fail, skip or not-implemented, by case name.
func ReadJUnit(r io.Reader) (map[string]Outcome, error) {
	var s junitSuites
	if err := xml.NewDecoder(r).Decode(&s); err != nil {
		return nil, err
	}
	out := map[string]Outcome{}
	for _, suite := range s.Suites {
		for _, c := range suite.Cases {
			switch {
			case c.Failure != nil:
				out[c.Name] = Fail
			case c.Skipped != nil && len(c.Skipped.Message) >= 16 && c.Skipped.Message[:16] == "not implemented:":
				out[c.Name] = NotImplemented
			case c.Skipped != nil:
				out[c.Name] = Skip
			default:
				out[c.Name] = Pass
			}
		}
	}
	return out, nil
}

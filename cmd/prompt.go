package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
	"golang.org/x/term"
)

// question is one thing init asks. Flag names the flag that answers it
// without asking.
type question struct {
	Flag     string
	Message  string
	Help     string
	Default  string
	Validate func(string) error // nil: anything goes
	// Optional questions have a safe default: without a terminal they take
	// it rather than being named as missing.
	Optional bool
}

// option is one choice of a Select or MultiSelect.
type option struct {
	Value, Description string
}

// Prompter asks questions. Only init prompts; survey (unmaintained since
// 2023) stays behind this seam.
type Prompter interface {
	Input(q question) (string, error)
	Select(q question, opts []option) (string, error)
	MultiSelect(q question, opts []option) ([]string, error)
	Confirm(q question, def bool) (bool, error)
}

// surveyPrompter asks on a terminal with github.com/AlecAivazis/survey/v2,
// and wraps its quirks: Ctrl-D (end of input) cancels every prompt instead
// of accepting a select's current choice, and the "invalid" line of a
// refused answer is removed once a valid one is given.
type surveyPrompter struct {
	stdio terminal.Stdio
	eot   *eotReader
}

var _ Prompter = (*surveyPrompter)(nil)

func newSurveyPrompter(stdio terminal.Stdio) *surveyPrompter {
	eot := &eotReader{FileReader: stdio.In}
	stdio.In = eot
	return &surveyPrompter{stdio: stdio, eot: eot}
}

// eotReader turns Ctrl-D into Ctrl-C for survey, which otherwise takes
// Ctrl-D on a select as "accept the highlighted choice", and notes it.
type eotReader struct {
	terminal.FileReader
	saw bool
}

func (r *eotReader) Read(b []byte) (int, error) {
	n, err := r.FileReader.Read(b)
	for i := range b[:n] {
		if b[i] == terminal.KeyEndTransmission {
			b[i], r.saw = terminal.KeyInterrupt, true
		}
	}
	return n, err
}

// refusal remembers the last answer a validator refused, so that its line
// can be cleared once a valid answer is given.
type refusal struct{ msg string }

func (p *surveyPrompter) opts(q question, last *refusal) []survey.AskOpt {
	o := []survey.AskOpt{survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err)}
	if q.Validate != nil {
		o = append(o, survey.WithValidator(func(ans any) error {
			var err error
			switch v := ans.(type) {
			case string:
				err = q.Validate(v)
			case survey.OptionAnswer:
				err = q.Validate(v.Value)
			}
			if err != nil {
				last.msg = err.Error()
			}
			return err
		}))
	}
	return o
}

// clearRefusal removes survey's "Sorry, your reply was invalid" lines,
// which it leaves above the answered question: the cursor is on the line
// after the answer; go up over the answer and the message, delete the
// message's lines (the answer moves up), and come back down.
func (p *surveyPrompter) clearRefusal(q question, answer string, last *refusal) {
	if last.msg == "" {
		return
	}
	width := 80
	if w, _, err := term.GetSize(int(p.stdio.Out.Fd())); err == nil && w > 0 {
		width = w
	}
	rows := func(s string) int {
		n := 0
		for _, line := range strings.Split(s, "\n") {
			n += (utf8.RuneCountInString(line) + width - 1) / width
			if line == "" {
				n++
			}
		}
		return n
	}
	msgRows := rows("X Sorry, your reply was invalid: " + last.msg)
	ansRows := rows("? " + q.Message + " " + answer)
	fmt.Fprintf(p.stdio.Out, "\x1b[%dF\x1b[%dM\x1b[%dE", msgRows+ansRows, msgRows, ansRows)
}

func (p *surveyPrompter) Input(q question) (string, error) {
	var ans string
	var last refusal
	err := survey.AskOne(&survey.Input{Message: q.Message, Default: q.Default, Help: q.Help}, &ans, p.opts(q, &last)...)
	if err == nil {
		p.clearRefusal(q, ans, &last)
	}
	return ans, p.interrupted(err)
}

func (p *surveyPrompter) Confirm(q question, def bool) (bool, error) {
	var ans bool
	err := survey.AskOne(&survey.Confirm{Message: q.Message, Default: def, Help: q.Help}, &ans, survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err))
	return ans, p.interrupted(err)
}

func (p *surveyPrompter) Select(q question, opts []option) (string, error) {
	values, describe := split(opts)
	s := &survey.Select{Message: q.Message, Options: values, Help: q.Help, Description: describe}
	if q.Default != "" {
		s.Default = q.Default
	}
	var ans string
	var last refusal
	err := survey.AskOne(s, &ans, p.opts(q, &last)...)
	return ans, p.interrupted(err)
}

func (p *surveyPrompter) MultiSelect(q question, opts []option) ([]string, error) {
	values, describe := split(opts)
	var ans []string
	err := survey.AskOne(&survey.MultiSelect{Message: q.Message, Options: values, Help: q.Help, Description: describe, PageSize: 15}, &ans,
		survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err))
	return ans, p.interrupted(err)
}

func split(opts []option) ([]string, func(string, int) string) {
	values := make([]string, len(opts))
	for i, o := range opts {
		values[i] = o.Value
	}
	return values, func(_ string, i int) string { return opts[i].Description }
}

// errInterrupted is Ctrl-C at a prompt, errCancelled Ctrl-D or a "no" to
// the summary.
var (
	errInterrupted = errors.New("interrupted; nothing was written")
	errCancelled   = errors.New("cancelled; nothing was written")
)

func (p *surveyPrompter) interrupted(err error) error {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, terminal.InterruptErr) && p.eot != nil && p.eot.saw:
		return withExit(ExitError, errCancelled)
	case errors.Is(err, terminal.InterruptErr):
		return withExit(ExitError, errInterrupted)
	}
	return err
}

// defaultsPrompter answers every question with its default, without
// reading anything. Unless yes is set, it also notes each question's flag
// as missing, so init can name them all and stop before doing anything.
type defaultsPrompter struct {
	yes     bool
	missing []string
}

var _ Prompter = (*defaultsPrompter)(nil)

func (p *defaultsPrompter) note(q question) {
	if !p.yes && !q.Optional {
		p.missing = append(p.missing, "--"+q.Flag)
	}
}

func (p *defaultsPrompter) Input(q question) (string, error) {
	p.note(q)
	return q.Default, nil
}

func (p *defaultsPrompter) Select(q question, _ []option) (string, error) {
	p.note(q)
	return q.Default, nil
}

func (p *defaultsPrompter) MultiSelect(q question, _ []option) ([]string, error) {
	p.note(q)
	return nil, nil
}

func (p *defaultsPrompter) Confirm(q question, def bool) (bool, error) {
	p.note(q)
	return def, nil
}

// terminalStdio returns the streams as a terminal when in is one and out
// can be drawn on.
func terminalStdio(in io.Reader, out, errOut io.Writer) (terminal.Stdio, bool) {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return terminal.Stdio{}, false
	}
	w, ok := out.(terminal.FileWriter)
	if !ok {
		return terminal.Stdio{}, false
	}
	return terminal.Stdio{In: f, Out: w, Err: errOut}, true
}

// missingError names every flag init needed and did not get.
func missingError(flags []string) error {
	return withExit(ExitError, fmt.Errorf("standard input is not a terminal, so init cannot ask; give %s (or --yes to take the defaults)", joinFlags(flags)))
}

func joinFlags(flags []string) string {
	s := ""
	for i, f := range flags {
		switch {
		case i == 0:
		case i == len(flags)-1:
			s += " and "
		default:
			s += ", "
		}
		s += f
	}
	return s
}

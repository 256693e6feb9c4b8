package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"

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
}

// surveyPrompter asks on a terminal with github.com/AlecAivazis/survey/v2.
type surveyPrompter struct {
	stdio terminal.Stdio
}

var _ Prompter = (*surveyPrompter)(nil)

func (p *surveyPrompter) opts(q question) []survey.AskOpt {
	o := []survey.AskOpt{survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err)}
	if q.Validate != nil {
		o = append(o, survey.WithValidator(func(ans any) error {
			switch v := ans.(type) {
			case string:
				return q.Validate(v)
			case survey.OptionAnswer:
				return q.Validate(v.Value)
			}
			return nil
		}))
	}
	return o
}

func (p *surveyPrompter) Input(q question) (string, error) {
	var ans string
	err := survey.AskOne(&survey.Input{Message: q.Message, Default: q.Default, Help: q.Help}, &ans, p.opts(q)...)
	return ans, interrupted(err)
}

func (p *surveyPrompter) Select(q question, opts []option) (string, error) {
	values, describe := split(opts)
	s := &survey.Select{Message: q.Message, Options: values, Help: q.Help, Description: describe}
	if q.Default != "" {
		s.Default = q.Default
	}
	var ans string
	err := survey.AskOne(s, &ans, p.opts(q)...)
	return ans, interrupted(err)
}

func (p *surveyPrompter) MultiSelect(q question, opts []option) ([]string, error) {
	values, describe := split(opts)
	var ans []string
	err := survey.AskOne(&survey.MultiSelect{Message: q.Message, Options: values, Help: q.Help, Description: describe, PageSize: 15}, &ans,
		survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err))
	return ans, interrupted(err)
}

func split(opts []option) ([]string, func(string, int) string) {
	values := make([]string, len(opts))
	for i, o := range opts {
		values[i] = o.Value
	}
	return values, func(_ string, i int) string { return opts[i].Description }
}

// errInterrupted is Ctrl-C at a prompt.
var errInterrupted = errors.New("interrupted; nothing was written")

func interrupted(err error) error {
	if errors.Is(err, terminal.InterruptErr) {
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
	if !p.yes {
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

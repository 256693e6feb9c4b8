package rt

// This file is not copied into generated projects: it stands in for what
// the Lambda runtime (generator/emit/lambda/rt) declares in the same
// generated package, internal/apirt, so that this package compiles and its
// tests can read the problems State.Flush hands on.

// Params stands in for the Lambda runtime's: the problems found while
// decoding one request.
type Params struct {
	Errs []ProblemError
}

// ProblemError stands in for the Lambda runtime's: one thing wrong with a
// request.
type ProblemError struct {
	In, Name, Pointer, Keyword, Message string
}

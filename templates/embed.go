// Package templates holds the text/template files specgate renders into the
// generated project: lambda/ and local/ for generated files (always
// rewritten) and scaffold/ for files written once and then owned by the team.
package templates

import "embed"

// FS holds every template, named by its path below this folder.
//
//go:embed lambda local scaffold
var FS embed.FS

// Package templates holds the text/template files specgate renders into the
// generated project: lambda/, local/ and client/ for generated files
// (always rewritten) and scaffold/ for files written once and then owned
// by the team.
package templates

import "embed"

// FS holds every template, named by its path below this folder.
//
//go:embed lambda local scaffold client
var FS embed.FS

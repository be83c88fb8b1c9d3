package main

import "github.com/veil-data/veil/connectors/format"

// formats is the registry of table formats, built here in the CLI.
func formats() map[string]format.Opener {
	return map[string]format.Opener{}
}

package main

import (
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/jsonl"
)

// formats is the registry of table formats, built here in the CLI.
func formats() map[string]format.Opener {
	return map[string]format.Opener{
		"csv":   csv.New(csv.Options{}),
		"jsonl": jsonl.New(jsonl.Options{}),
	}
}

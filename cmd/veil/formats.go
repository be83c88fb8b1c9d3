package main

import (
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/arrowipc"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/jsonl"
	"github.com/veil-data/veil/connectors/format/parquet"
)

// formats is the registry of table formats, built here in the CLI.
func formats() map[string]format.Opener {
	return map[string]format.Opener{
		"csv":     csv.New(csv.Options{}),
		"jsonl":   jsonl.New(jsonl.Options{}),
		"parquet": parquet.Opener{},
		"arrow":   arrowipc.NewOpener(),
	}
}

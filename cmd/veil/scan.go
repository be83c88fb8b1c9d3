package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/spf13/cobra"

	"github.com/veil-data/veil/connectors/file"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/jsonl"
	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/classify"
)

type scanOptions struct {
	policy      string
	sampleRows  int
	full        bool
	threshold   float64
	format      string
	workers     int
	skipBadRows bool
	noProgress  bool
	csv         csvFlags
	dialect     csv.Options // from csv, set by runScan
}

func newScanCmd() *cobra.Command {
	var o scanOptions
	cmd := &cobra.Command{
		Use:   "scan [flags] SOURCE...",
		Short: "Classify every column of tables: what each holds and how sensitive it is",
		Long: `scan reads tables (CSV, JSON lines, Parquet, Arrow IPC; files, directories
and globs) and reports, column by column, the identifier type the column
holds (when the share of values with a validated match reaches the
threshold, the column name counting as context), whether it is free text,
its sensitivity, and counts and positions of what was found — never values.

Exit status: 0 every source was scanned, 2 some source failed (its entry
says why) or the arguments are wrong.`,
		Example: `  veil scan testdata/customers.csv
  veil scan --full --format table data/
  veil scan --sample-rows 50000 'exports/*.parquet'
  veil scan --delimiter ';' --lazy-quotes exports/eu.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy file (YAML); built-in defaults when empty")
	f.IntVar(&o.sampleRows, "sample-rows", scanner.DefaultSampleRows, "rows to scan per source, spread over the input (not with --full)")
	f.BoolVar(&o.full, "full", false, "scan every row instead of a sample (not with --sample-rows)")
	f.Float64Var(&o.threshold, "threshold", classify.DefaultThreshold, "share of non-empty values that must match for a column to be classified")
	f.StringVar(&o.format, "format", "", "json or table (default: table on a terminal, json otherwise)")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "scanning goroutines")
	f.BoolVar(&o.skipBadRows, "skip-bad-rows", false, "leave malformed rows out (counted) instead of failing the source")
	f.BoolVar(&o.noProgress, "no-progress", false, "no progress bar on a terminal stderr")
	o.csv.add(cmd, false)
	cmd.MarkFlagsMutuallyExclusive("sample-rows", "full")
	return cmd
}

// ScanReport is the JSON document `veil scan` prints.
type ScanReport struct {
	Version int          `json:"version"`
	Sources []SourceScan `json:"sources"`
}

// SourceScan is the classification of one source.
type SourceScan struct {
	URI         string            `json:"uri"`
	Format      string            `json:"format"`
	RowsRead    int64             `json:"rows_read"`
	RowsScanned int64             `json:"rows_scanned"`
	RowsSkipped int64             `json:"rows_skipped"`
	Columns     []classify.Result `json:"columns"`
	Errors      []string          `json:"errors"`
}

func runScan(cmd *cobra.Command, o scanOptions, sources []string) error {
	stdout := cmd.OutOrStdout()
	if o.format == "" {
		o.format = "json"
		if isTerminal(stdout) {
			o.format = "table"
		}
	}
	if o.format != "json" && o.format != "table" {
		return &codeError{exitError, fmt.Errorf("--format %q: want json or table", o.format)}
	}
	if o.threshold <= 0 || o.threshold > 1 {
		return &codeError{exitError, fmt.Errorf("--threshold %v: want a share in (0, 1]", o.threshold)}
	}
	if o.sampleRows <= 0 {
		return &codeError{exitError, fmt.Errorf("--sample-rows %d: want a positive number", o.sampleRows)}
	}
	var err error
	if o.dialect, err = o.csv.options(); err != nil {
		return err
	}
	sc, err := buildScanner(o.policy, "")
	if err != nil {
		return &codeError{exitError, err}
	}
	rep := ScanReport{Version: 1, Sources: []SourceScan{}}
	failed := false
	prog := newProgress(cmd.ErrOrStderr(), o.noProgress)
	for _, arg := range sources {
		// A source that names no readable input (a missing file, a glob
		// or directory that matches nothing, an unknown file type) is an
		// entry of its own, with its error.
		inputs, err := file.Expand([]string{arg})
		if err != nil {
			failed = true
			fmt.Fprintln(cmd.ErrOrStderr(), "veil:", err)
			rep.Sources = append(rep.Sources, unreadSource(arg, err))
			continue
		}
		for _, in := range inputs {
			tr := prog.start(in.Path, 1)
			src := scanSource(sc, in, o, tr)
			tr.finish(len(src.Errors) == 0)
			if len(src.Errors) > 0 {
				failed = true
			}
			rep.Sources = append(rep.Sources, src)
		}
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return &codeError{exitError, err}
		}
	} else if err := writeScanTable(stdout, rep); err != nil {
		return &codeError{exitError, err}
	}
	if failed {
		return &codeError{exitError, nil}
	}
	return nil
}

// scanSource classifies one input; problems go into its Errors.
func scanSource(sc *scanner.Scanner, in file.Input, o scanOptions, tr *inputProgress) SourceScan {
	src := SourceScan{URI: in.Path, Format: in.Format, Columns: []classify.Result{}, Errors: []string{}}
	tr.phase("scan")
	r, closeAll, err := openTable(in, readSpec{skipBad: o.skipBadRows, omitTemplate: true, csv: o.dialect, progress: tr})
	if err != nil {
		src.Errors = append(src.Errors, inputError(in.Path, quoteHint(err)).Error())
		return src
	}
	defer closeAll()
	rep, err := sc.ScanTable(tr.reader(r), scanner.TableOptions{
		SampleRows: o.sampleRows, Full: o.full, Threshold: o.threshold, Workers: o.workers,
	})
	if err != nil {
		src.Errors = append(src.Errors, inputError(in.Path, quoteHint(err)).Error())
		return src
	}
	src.RowsRead, src.RowsScanned, src.RowsSkipped = rep.RowsRead, rep.RowsScanned, rep.Skipped
	src.Columns = allColumns(rep.Columns, r.Schema(), o.threshold)
	return src
}

// unreadSource is the report entry of a source argument that names no
// input that could be read: its URI is the argument as given, its format
// the one its name says (empty when it says none), and err is its one
// error.
func unreadSource(arg string, err error) SourceScan {
	f, ferr := file.FormatOf(arg)
	if ferr != nil {
		f = ""
	}
	return SourceScan{URI: arg, Format: f, Columns: []classify.Result{}, Errors: []string{err.Error()}}
}

// allColumns returns cols followed by the columns of schema that no batch
// showed (every column of a header-only CSV or of a table without rows),
// each with its type, no classification and nothing found: a report lists
// every column of the table.
func allColumns(cols []classify.Result, schema *arrow.Schema, threshold float64) []classify.Result {
	if cols == nil {
		cols = []classify.Result{}
	}
	if schema == nil {
		return cols
	}
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		seen[c.Name] = true
	}
	none := func(string) detectors.Sensitivity { return detectors.SensitivityNone }
	for _, f := range schema.Fields() {
		if format.IsInternal(f) || seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		cols = append(cols, classify.NewColumn(f.Name, scanner.TypeName(f.Type)).Result(threshold, none))
	}
	return cols
}

// readSpec says how openTable reads one input.
type readSpec struct {
	skipBad bool
	// omitTemplate leaves out the JSON lines template column (needed only
	// to write JSON lines back).
	omitTemplate bool
	// schema, for JSON lines, fixes the columns of every batch: the union
	// an earlier read of the same input ended with (see jsonl.Options.Schema).
	// Nil: the schema widens as new paths appear.
	schema *arrow.Schema
	// csv is the dialect of CSV inputs (the CSV flags); a zero Delimiter
	// is a tab for .tsv files and a comma otherwise (see csvOptionsFor).
	csv csv.Options
	// progress counts the bytes read into a progress bar; nil for none.
	progress *inputProgress
	// stop, when set, makes reads fail once the run is interrupted.
	stop *interrupt
}

// openTable opens an input file with its format's reader.
func openTable(in file.Input, rs readSpec) (format.Reader, func(), error) {
	op, ok := formats()[in.Format]
	switch in.Format {
	case "jsonl":
		op = jsonl.New(jsonl.Options{OmitTemplate: rs.omitTemplate, Schema: rs.schema})
	case "csv":
		op = csv.New(csvOptionsFor(in.Path, rs.csv))
	}
	if !ok {
		return nil, nil, fmt.Errorf("%s: format %s is not supported yet", in.Path, in.Format)
	}
	f, err := file.Open(in.Path)
	if err != nil {
		return nil, nil, err
	}
	r, err := op.NewReader(rs.stop.input(rs.progress.input(f)), format.ReadOptions{Source: in.Path, SkipBadRows: rs.skipBad})
	if err != nil {
		f.Close()
		if errors.Is(err, jsonl.ErrOptions) || errors.Is(err, csv.ErrOptions) {
			err = fmt.Errorf("%s: %w", in.Path, err)
		}
		return nil, nil, err
	}
	return r, func() { r.Close(); f.Close() }, nil
}

// jsonlSchema reads a JSON lines input to its end and returns the union of
// its paths, so that a second read can give every batch that one schema
// (as Parquet, Arrow IPC and CSV writers need).
func jsonlSchema(in file.Input, rs readSpec) (*arrow.Schema, error) {
	rs.schema = nil
	r, closeR, err := openTable(in, rs)
	if err != nil {
		return nil, err
	}
	defer closeR()
	r = rs.progress.reader(r)
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Schema(), nil
		}
		if err != nil {
			return nil, err
		}
		rec.Release()
	}
}

func writeScanTable(w io.Writer, rep ScanReport) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, s := range rep.Sources {
		fmt.Fprintf(tw, "%s (%s, %d of %d rows scanned)\n", s.URI, s.Format, s.RowsScanned, s.RowsRead)
		for _, e := range s.Errors {
			fmt.Fprintf(tw, "  error: %s\n", e)
		}
		if len(s.Columns) == 0 {
			continue
		}
		fmt.Fprintln(tw, "  COLUMN\tTYPE\tCLASSIFICATION\tSENSITIVITY\tCONFIDENCE\tFOUND")
		for _, c := range s.Columns {
			class := "-"
			if c.Classification != nil {
				class = *c.Classification
			} else if c.FreeText && len(c.Detections) > 0 {
				class = "(free text)"
			}
			var found []string
			for _, d := range c.Detections {
				found = append(found, fmt.Sprintf("%s×%d", d.Type, d.Count))
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%.2f\t%s\n", c.Name, c.DataType, class, c.Sensitivity, c.Confidence, strings.Join(found, " "))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

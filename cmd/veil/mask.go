package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/spf13/cobra"

	"github.com/veil-data/veil/connectors/file"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/connectors/format/jsonl"
	"github.com/veil-data/veil/masking"
	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

type maskOptions struct {
	rewriteOptions
	policy      string
	sampleRows  int
	full        bool
	skipBadRows bool
}

func newMaskCmd() *cobra.Command {
	var o maskOptions
	cmd := &cobra.Command{
		Use:   "mask [flags] --key FILE --out DIR SOURCE...",
		Short: "Write a masked copy of tables: classify each column, then mask by policy",
		Long: `mask classifies every column of each source (as veil scan does), then writes
one masked output per input under DIR (same relative name, the output
format's extension) and a manifest beside it (<output>.manifest.json).

Default policy: columns classified as sensitive are tokenized whole
(deterministic and format-preserving, reversible with the key); columns with
identifiers here and there (free text), or with no value in the sample, have
just the identifiers found in each value tokenized; every other column is
kept byte for byte. A value a method cannot mask (too
short to tokenize) is redacted instead and counted; nothing passes in clear.
An output appears only when complete; a failed input leaves no output and
the other inputs still run. Inputs that would be written to the same output,
or whose output would replace an input file, fail before anything is written.

Exit status: 0 every input was masked, 2 some input failed or bad usage,
130 or 143 interrupted by SIGINT or SIGTERM (unfinished outputs removed).`,
		Example: `  veil keygen --out veil.key
  veil mask --key veil.key --out masked/ testdata/customers.csv
  veil mask --policy policy.yaml --key veil.key --out masked/ --format csv 'data/*.parquet'
  veil mask --key veil.key --out masked/ --compression snappy --delimiter ';' exports/eu.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMask(cmd, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy file (YAML); built-in defaults when empty")
	f.StringVar(&o.key, "key", "", "keyset file from veil keygen (required)")
	f.StringVar(&o.out, "out", "", "output directory (required)")
	f.StringVar(&o.format, "format", "parquet", "output format: parquet, arrow, csv or jsonl")
	f.IntVar(&o.sampleRows, "sample-rows", scanner.DefaultSampleRows, "rows sampled per source to classify columns (not with --full)")
	f.BoolVar(&o.full, "full", false, "classify on every row instead of a sample (not with --sample-rows)")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "batches masked at once")
	f.BoolVar(&o.skipBadRows, "skip-bad-rows", false, "leave malformed rows out (counted) instead of failing the source")
	f.BoolVar(&o.noProgress, "no-progress", false, "no progress bar on a terminal stderr")
	o.output.add(cmd)
	o.csv.add(cmd, true)
	cmd.MarkFlagsMutuallyExclusive("sample-rows", "full")
	return cmd
}

// outputExt is the file extension of each output format.
var outputExt = map[string]string{"parquet": ".parquet", "arrow": ".arrow", "csv": ".csv", "jsonl": ".jsonl"}

func runMask(cmd *cobra.Command, o maskOptions, sources []string) error {
	if err := o.check(cmd); err != nil {
		return err
	}
	pol, err := loadPolicy(o.policy)
	if err != nil {
		return &codeError{exitError, err}
	}
	ks, err := keys.Load(o.key)
	if err != nil {
		return &codeError{exitError, err}
	}
	sc, err := buildScanner(o.policy, "")
	if err != nil {
		return &codeError{exitError, err}
	}
	log := logger(cmd.ErrOrStderr())
	inputs, expandErr := file.Expand(sources)
	failed := expandErr != nil
	if expandErr != nil {
		log.Error("inputs", "error", expandErr.Error())
	}
	prog := newProgress(cmd.ErrOrStderr(), o.noProgress)
	it := watchInterrupts(log, len(inputs))
	defer it.close()
	// Every output is known, and checked, before any is written.
	for _, p := range file.PlanOutputs(o.out, outputExt[o.format], inputs, file.ManifestSuffix) {
		if it.signal() != nil {
			break
		}
		in := p.Input
		if p.Duplicate {
			log.Warn("named more than once; masked once", "source", in.Path)
			continue
		}
		if p.Err != nil {
			failed = true
			log.Error("mask failed; no output written", "source", in.Path, "error", p.Err.Error())
			continue
		}
		tr := prog.start(in.Path, 2)
		m, err := maskOne(sc, pol, ks, in, p.Output, o, tr, it)
		tr.finish(err == nil)
		if it.signal() != nil {
			break // whatever failed, the interruption is the reason
		}
		if err != nil {
			failed = true
			log.Error("mask failed; no output written", "source", in.Path, "error", inputError(in.Path, quoteHint(err)).Error())
			continue
		}
		it.finished.Add(1)
		log.Info("masked", "source", in.Path, "output", m.Output.Path, "rows", m.Rows.Written,
			"fallbacks", m.fallbacks(), "seconds", m.Finished.Sub(m.Started).Seconds())
	}
	if err := it.result(); err != nil {
		return err
	}
	if failed {
		return &codeError{exitError, nil}
	}
	return nil
}

func formatNames() []string { return []string{"parquet", "arrow", "csv", "jsonl"} }

// Manifest describes one masked output; it never holds a value or key
// material.
type Manifest struct {
	VeilVersion  string           `json:"veil_version"`
	Source       FileInfo         `json:"source"`
	Output       FileInfo         `json:"output"`
	Rows         RowCounts        `json:"rows"`
	PolicyDigest string           `json:"policy_digest"`
	KeyID        string           `json:"key_id"`
	Started      time.Time        `json:"started"`
	Finished     time.Time        `json:"finished"`
	Columns      []ManifestColumn `json:"columns"`
}

// FileInfo identifies a file by path, size and checksum.
type FileInfo struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// CSV is the dialect a CSV output was written in, which unmask reads
	// it with unless told otherwise.
	CSV *CSVDialect `json:"csv,omitempty"`
}

// CSVDialect is the dialect of a CSV file, one character each ("" for no
// comment character).
type CSVDialect struct {
	Delimiter string `json:"delimiter"`
	Quote     string `json:"quote"`
	Comment   string `json:"comment,omitempty"`
}

// dialectOf is the dialect csv.Options write, defaults filled in.
func dialectOf(o csv.Options) *CSVDialect {
	d := &CSVDialect{Delimiter: ",", Quote: `"`}
	if o.Delimiter != 0 {
		d.Delimiter = string(o.Delimiter)
	}
	if o.Quote != 0 {
		d.Quote = string(o.Quote)
	}
	if o.Comment != 0 {
		d.Comment = string(o.Comment)
	}
	return d
}

// options turns a recorded dialect back into csv.Options.
func (d *CSVDialect) options() csv.Options {
	first := func(s string) rune {
		for _, r := range s {
			return r
		}
		return 0
	}
	return csv.Options{Delimiter: first(d.Delimiter), Quote: first(d.Quote), Comment: first(d.Comment)}
}

// RowCounts are the rows read, written and left out as malformed.
type RowCounts struct {
	Read    int64 `json:"read"`
	Written int64 `json:"written"`
	Skipped int64 `json:"skipped"`
}

// ManifestColumn is what happened to one column.
type ManifestColumn struct {
	Name           string  `json:"name"`
	Classification *string `json:"classification"`
	FreeText       bool    `json:"free_text"`
	Sensitivity    string  `json:"sensitivity"`
	Mode           string  `json:"mode"`
	Action         string  `json:"action"`         // tokenize, encrypt, hash …; keep, drop, null; mask spans
	Type           string  `json:"type,omitempty"` // the type whole values were masked as (tokenize and encrypt need it back)
	Reason         string  `json:"reason"`
	Masked         int64   `json:"masked"`
	Spans          int64   `json:"spans"`
	Fallbacks      int64   `json:"fallbacks"`
	Nulled         int64   `json:"nulled"`
	TypeChange     string  `json:"type_change,omitempty"`
}

func (m *Manifest) fallbacks() int64 {
	var n int64
	for _, c := range m.Columns {
		n += c.Fallbacks
	}
	return n
}

// maskOne classifies and masks one input into its output at outPath and
// the manifest beside it, both written through it.outs and committed
// together; tr (nil for none) shows its progress.
func maskOne(sc *scanner.Scanner, pol *policy.Policy, ks *keys.Keyset, in file.Input, outPath string, o maskOptions, tr *inputProgress, it *interrupt) (*Manifest, error) {
	m := &Manifest{VeilVersion: version, PolicyDigest: pol.Digest(), KeyID: ks.ID(), Started: time.Now().UTC()}
	// The source's checksum is read beside pass 1, which leaves a core idle
	// while it parses. A failure stops it (cancel) rather than wait for it.
	srcDone := make(chan error, 1)
	cancel := make(chan struct{})
	go func() {
		var err error
		m.Source, err = describe(in.Path, in.Format, cancel)
		srcDone <- err
	}()
	src := func() error {
		err := <-srcDone
		srcDone <- err // later calls see it too
		return err
	}
	defer func() { close(cancel); src() }()
	// Pass 1: classify. It reads the whole input, so for JSON lines the
	// reader's schema at the end is the union of every line's paths.
	rs := readSpec{skipBad: o.skipBadRows, omitTemplate: o.format != "jsonl", csv: o.dialect, progress: tr, stop: it}
	tr.phase("classify")
	r, closeR, err := openTable(in, rs)
	if err != nil {
		if serr := src(); serr != nil {
			return nil, serr
		}
		return nil, err
	}
	rep, err := sc.ScanTable(tr.reader(r), scanner.TableOptions{SampleRows: o.sampleRows, Full: o.full, Workers: o.workers})
	union := r.Schema()
	closeR()
	if err != nil {
		return nil, err
	}
	plan, err := masking.NewPlan(pol, ks, rep.ColumnInfos(), sc.Types())
	if err != nil {
		return nil, err
	}
	// Pass 2: mask into a temporary output that appears only when complete.
	out, err := it.outs.Create(outPath)
	if err != nil {
		return nil, err
	}
	defer out.Abort()
	// JSON lines widen their schema as new paths appear; read again with
	// the union from pass 1, every batch has all the columns, as the
	// Parquet, Arrow IPC and CSV writers need, and every column is in the
	// plan.
	if in.Format == "jsonl" {
		rs.schema = union
	}
	tr.phase("mask")
	r, closeR, err = openTable(in, rs)
	if err != nil {
		return nil, err
	}
	defer closeR()
	op := outputOpener(o.format, o.dialect)
	sum := &hashingWriter{w: out, h: sha256.New()} // the output's checksum, as it is written
	res, err := sc.MaskTable(r, plan, func(s *arrow.Schema) (format.Writer, error) {
		w, err := op.NewWriter(sum, s, format.WriteOptions{
			Compression: o.output.codec(o.format),
			Metadata:    map[string]string{"veil.key_id": ks.ID(), "veil.policy_digest": m.PolicyDigest},
		})
		if err != nil {
			return nil, err
		}
		return tr.writer(w), nil
	}, scanner.MaskOptions{Workers: o.workers})
	if errors.Is(err, jsonl.ErrNotInSchema) {
		return nil, fmt.Errorf("%w (the input changed after it was classified)", err)
	}
	if err != nil {
		return nil, err
	}
	if err := src(); err != nil {
		return nil, err
	}
	m.Rows = RowCounts{Read: res.RowsRead, Written: res.RowsWritten, Skipped: res.Skipped}
	m.Output = FileInfo{Path: outPath, Format: o.format, Size: sum.n, SHA256: hex.EncodeToString(sum.h.Sum(nil))}
	if o.format == "csv" {
		m.Output.CSV = dialectOf(o.dialect)
	}
	for i, c := range rep.Columns {
		p := plan.Columns[i]
		st := res.Columns[c.Name]
		mc := ManifestColumn{
			Name: c.Name, Classification: c.Classification, FreeText: c.FreeText, Sensitivity: c.Sensitivity,
			Mode: p.Mode.String(), Reason: p.Reason, Masked: st.Masked, Spans: st.Spans,
			Fallbacks: st.Fallbacks, Nulled: st.Nulled, TypeChange: res.TypeChanges[c.Name],
		}
		switch p.Mode {
		case masking.ModeWhole:
			mc.Action = string(p.Action.Kind)
			mc.Type = p.Type
		case masking.ModeSpans:
			mc.Action = "mask spans" // each detected span by its type's action
		default:
			mc.Action = p.Mode.String() // keep, drop, null
		}
		m.Columns = append(m.Columns, mc)
	}
	m.Finished = time.Now().UTC()
	man, err := it.outs.Create(outPath + file.ManifestSuffix)
	if err != nil {
		return nil, err
	}
	defer man.Abort()
	enc := json.NewEncoder(man)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	// The output and its manifest appear together, or neither does.
	return m, it.outs.Commit(out, man)
}

// hashingWriter passes writes to w, hashing and counting them.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (hw *hashingWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}

// errCanceled stops describe.
var errCanceled = errors.New("canceled")

// describe returns a file's size and SHA-256, giving up with errCanceled
// once cancel (nil for never) is closed.
func describe(path, format string, cancel <-chan struct{}) (FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 1<<20)
	var n int64
	for {
		select {
		case <-cancel:
			return FileInfo{}, errCanceled
		default:
		}
		k, err := f.Read(buf)
		h.Write(buf[:k])
		n += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return FileInfo{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	return FileInfo{Path: path, Format: format, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/spf13/cobra"

	"github.com/veil-data/veil/connectors/file"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/connectors/format/csv"
	"github.com/veil-data/veil/masking"
	"github.com/veil-data/veil/masking/keys"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

type unmaskOptions struct {
	rewriteOptions
}

func newUnmaskCmd() *cobra.Command {
	var o unmaskOptions
	cmd := &cobra.Command{
		Use:   "unmask [flags] --key FILE --out DIR SOURCE...",
		Short: "Reverse tokenized and encrypted columns of masked outputs, for a holder of the key",
		Long: `unmask reads outputs of veil mask together with the manifest written beside
each (<output>.manifest.json), and writes a copy in which the columns that
were tokenized or encrypted whole hold their original values again. Hashed,
redacted, partial, dropped and nulled values cannot be reversed and stay as
they are, as do spans inside free text. The keyset must be the one the
manifest names. Inputs that would be written to the same output, or whose
output would replace an input file, fail before anything is written.

Exit status: 0 every input was unmasked, 2 some input failed or bad usage,
130 or 143 interrupted by SIGINT or SIGTERM (unfinished outputs removed).`,
		Example: `  veil unmask --key veil.key --out restored/ masked/customers.parquet`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUnmask(cmd, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.key, "key", "", "keyset file the data was masked with (required)")
	f.StringVar(&o.out, "out", "", "output directory (required)")
	f.StringVar(&o.format, "format", "parquet", "output format: parquet, arrow, csv or jsonl")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "batches processed at once")
	f.BoolVar(&o.noProgress, "no-progress", false, "no progress bar on a terminal stderr")
	o.output.add(cmd)
	o.csv.add(cmd, true)
	return cmd
}

func runUnmask(cmd *cobra.Command, o unmaskOptions, sources []string) error {
	if err := o.check(cmd); err != nil {
		return err
	}
	ks, err := keys.Load(o.key)
	if err != nil {
		return &codeError{exitError, err}
	}
	sc, err := buildScanner("", "")
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
	inputs = slices.DeleteFunc(inputs, func(in file.Input) bool { return strings.HasSuffix(in.Path, file.ManifestSuffix) })
	it := watchInterrupts(log, len(inputs))
	defer it.close()
	// Every output is known, and checked, before any is written.
	for _, p := range file.PlanOutputs(o.out, outputExt[o.format], inputs) {
		if it.signal() != nil {
			break
		}
		in := p.Input
		if p.Duplicate {
			log.Warn("named more than once; unmasked once", "source", in.Path)
			continue
		}
		if p.Err != nil {
			failed = true
			log.Error("unmask failed; no output written", "source", in.Path, "error", p.Err.Error())
			continue
		}
		tr := prog.start(in.Path, unmaskPasses(in, o))
		outPath, err := unmaskOne(sc, ks, in, p.Output, o, tr, it)
		tr.finish(err == nil)
		if it.signal() != nil {
			break // whatever failed, the interruption is the reason
		}
		if err != nil {
			failed = true
			log.Error("unmask failed; no output written", "source", in.Path, "error", inputError(in.Path, quoteHint(err)).Error())
			continue
		}
		it.finished.Add(1)
		log.Info("unmasked", "source", in.Path, "output", outPath)
	}
	if err := it.result(); err != nil {
		return err
	}
	if failed {
		return &codeError{exitError, nil}
	}
	return nil
}

// unmaskPasses is how many times unmaskOne reads in: twice for JSON lines
// into another format (once to learn the columns, see unmaskOne), else once.
func unmaskPasses(in file.Input, o unmaskOptions) int {
	if in.Format == "jsonl" && o.format != "jsonl" {
		return 2
	}
	return 1
}

// unmaskOne reverses one masked input into its output at outPath; tr (nil
// for none) shows its progress.
func unmaskOne(sc *scanner.Scanner, ks *keys.Keyset, in file.Input, outPath string, o unmaskOptions, tr *inputProgress, it *interrupt) (string, error) {
	raw, err := os.ReadFile(in.Path + file.ManifestSuffix)
	if err != nil {
		return "", fmt.Errorf("%s: unmask needs the manifest veil mask wrote beside it: %w", in.Path, err)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", fmt.Errorf("%s.manifest.json: %w", in.Path, err)
	}
	if m.KeyID != ks.ID() {
		return "", fmt.Errorf("%s was masked with key %s, not %s", in.Path, m.KeyID, ks.ID())
	}
	plan := &masking.Plan{Fallback: masking.Identity()}
	reversed := map[string]bool{}
	for _, c := range m.Columns {
		cp := masking.ColumnPlan{Name: c.Name, Mode: masking.ModeKeep, Reason: "not reversible"}
		if c.Mode == masking.ModeWhole.String() && (c.Action == string(policy.ActionTokenize) || c.Action == string(policy.ActionEncrypt)) {
			mk, err := masking.New(policy.Action{Kind: policy.ActionKind(c.Action)}, ks)
			if err != nil {
				return "", err
			}
			cp = masking.ColumnPlan{Name: c.Name, Mode: masking.ModeWhole, Type: c.Type, Masker: masking.Reverse(mk.(masking.Unmasker)), Reason: "reversing " + c.Action}
			reversed[c.Name] = true
		}
		plan.Columns = append(plan.Columns, cp)
	}
	out, err := it.outs.Create(outPath)
	if err != nil {
		return "", err
	}
	defer out.Abort()
	rs := readSpec{omitTemplate: o.format != "jsonl", csv: o.dialect, progress: tr, stop: it}
	if in.Format == "csv" && m.Output.CSV != nil && o.dialect == (csv.Options{}) {
		// No dialect flags: read the CSV as mask wrote it.
		rs.csv = m.Output.CSV.options()
	}
	if unmaskPasses(in, o) == 2 {
		// JSON lines widen their schema as new paths appear, and Parquet,
		// Arrow IPC and CSV writers take one schema: learn the union of
		// the paths first, then read again with it.
		tr.phase("columns")
		if rs.schema, err = jsonlSchema(in, rs); err != nil {
			return "", err
		}
	}
	tr.phase("unmask")
	r, closeR, err := openTable(in, rs)
	if err != nil {
		return "", err
	}
	defer closeR()
	op := outputOpener(o.format, o.dialect)
	types := restoredTypes(m, reversed)
	if _, err := sc.MaskTable(r, plan, func(s *arrow.Schema) (format.Writer, error) {
		to, restore := withRestoredTypes(s, types)
		w, err := op.NewWriter(out, to, format.WriteOptions{Compression: o.output.codec(o.format)})
		if err != nil {
			return nil, err
		}
		if restore != nil {
			w = restore(w)
		}
		return tr.writer(w), nil
	}, scanner.MaskOptions{Workers: o.workers}); err != nil {
		return "", err
	}
	return outPath, out.Commit()
}

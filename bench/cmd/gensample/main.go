// Command gensample writes the bundled sample data in testdata/ from the
// seeded generator, so the fixtures can be remade rather than hand-edited:
//
//	go run ./bench/cmd/gensample -out testdata
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/veil-data/veil/bench"
)

func main() {
	out := flag.String("out", "testdata", "directory to write into")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Application logs with a denser stretch of support-ticket prose, so a
	// demo run shows most types.
	sample := append(bench.LogText(7, 16<<10), bench.DenseText(7, 6<<10)...)
	if err := os.WriteFile(filepath.Join(dir, "sample.log"), sample, 0o644); err != nil {
		return err
	}
	// A customer table whose columns have known classifications
	// (bench.TableColumns), for `veil scan` and `veil mask`.
	header, rows := bench.Table(7, 300)
	f, err := os.Create(filepath.Join(dir, "customers.csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

package main

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dirNames lists the files below dir, relative to it.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(names)
	return names
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
	require.NoError(t, os.WriteFile(dst, b, 0o644))
}

// TestMaskOutputCollisions: inputs that map to one output path fail, all of
// them, with an error naming the sources and the output, and nothing of
// theirs is written; the other inputs are masked.
func TestMaskOutputCollisions(t *testing.T) {
	key := keyFile(t)
	dir := t.TempDir()
	jl := filepath.Join("..", "..", "testdata", "formats", "jsonl")
	gz, zst := filepath.Join(dir, "a", "events.jsonl.gz"), filepath.Join(dir, "a", "events.jsonl.zst")
	copyFile(t, filepath.Join(jl, "events.jsonl.gz"), gz)
	copyFile(t, filepath.Join(jl, "events.jsonl.zst"), zst)
	good := writeFile(t, "good.csv", []byte("ssn,x\n536-22-1234,1\n"))
	csvA, csvB := filepath.Join(dir, "col", "a", "x.csv"), filepath.Join(dir, "col", "b", "x.csv")
	copyFile(t, good, csvA)
	copyFile(t, good, csvB)
	tsvDir := filepath.Join(dir, "d")
	copyFile(t, good, filepath.Join(tsvDir, "x.csv"))
	require.NoError(t, os.WriteFile(filepath.Join(tsvDir, "x.tsv"), []byte("ssn\tx\n536-22-1234\t1\n"), 0o644))

	for _, tc := range []struct {
		name    string
		format  string
		sources []string
		output  string // the output both map to, relative to --out
		clashes []string
	}{
		{"compressions", "jsonl", []string{gz, zst}, "events.jsonl", []string{gz, zst}},
		{"same base name", "csv", []string{csvA, csvB}, "x.csv", []string{csvA, csvB}},
		{"csv and tsv", "parquet", []string{tsvDir}, "x.parquet", []string{filepath.Join(tsvDir, "x.csv"), filepath.Join(tsvDir, "x.tsv")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"mask", "--key", key, "--out", out, "--format", tc.format, "--no-progress", good}, tc.sources...)
			code, _, errs := veil(t, "", args...)
			assert.Equal(t, exitError, code, errs)
			for _, src := range tc.clashes {
				assert.Contains(t, errs, src)
			}
			assert.Contains(t, errs, filepath.Join(out, tc.output))
			assert.Contains(t, errs, "output collision")
			ext := outputExt[tc.format]
			assert.Equal(t, []string{"good" + ext, "good" + ext + ".manifest.json"}, dirNames(t, out),
				"nothing of the colliding inputs is written; the other input is")
		})
	}

	// The same file named twice is masked once, without an error.
	out := t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", out, "--format", "csv", filepath.Join(dir, "col", "a"), csvA)
	assert.Equal(t, exitOK, code, errs)
	assert.Equal(t, []string{"x.csv", "x.csv.manifest.json"}, dirNames(t, out))
}

// TestMaskNeverOverwritesItsInput: an output onto its own input file (or
// another input) is refused and nothing is written.
func TestMaskNeverOverwritesItsInput(t *testing.T) {
	key := keyFile(t)
	same := t.TempDir()
	people := filepath.Join(same, "people.csv")
	data := []byte("name,ssn\nAda,536-22-1234\n")
	require.NoError(t, os.WriteFile(people, data, 0o644))
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", same, "--format", "csv", people)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, people)
	assert.Contains(t, errs, "itself")
	got, err := os.ReadFile(people)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got), "the input is untouched")
	assert.Equal(t, []string{"people.csv"}, dirNames(t, same), "nothing written")

	// The same through a relative --out.
	wd, err := os.Getwd()
	require.NoError(t, err)
	t.Chdir(filepath.Dir(same))
	code, _, errs = veil(t, "", "mask", "--key", key, "--out", filepath.Base(same), "--format", "csv", filepath.Join(filepath.Base(same), "people.csv"))
	t.Chdir(wd)
	assert.Equal(t, exitError, code, errs)
	assert.Equal(t, []string{"people.csv"}, dirNames(t, same), "nothing written")
}

// TestUnmaskOutputCollisions: unmask checks its outputs the same way.
func TestUnmaskOutputCollisions(t *testing.T) {
	key := keyFile(t)
	good := writeFile(t, "x.csv", []byte("ssn,x\n536-22-1234,1\n"))
	m1, m2 := t.TempDir(), t.TempDir()
	for _, m := range []string{m1, m2} {
		code, _, errs := veil(t, "", "mask", "--key", key, "--out", m, "--format", "csv", good)
		require.Equal(t, exitOK, code, errs)
	}
	out := t.TempDir()
	a, b := filepath.Join(m1, "x.csv"), filepath.Join(m2, "x.csv")
	code, _, errs := veil(t, "", "unmask", "--key", key, "--out", out, "--format", "csv", a, b)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, a)
	assert.Contains(t, errs, b)
	assert.Contains(t, errs, filepath.Join(out, "x.csv"))
	assert.Empty(t, dirNames(t, out))

	// Onto its own input.
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", m1, "--format", "csv", a)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "itself")
	assert.Equal(t, []string{"x.csv", "x.csv.manifest.json"}, dirNames(t, m1))
}

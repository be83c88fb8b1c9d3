package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vbauerster/mpb/v8"

	"github.com/veil-data/veil/connectors/file"
	"github.com/veil-data/veil/connectors/format"
)

func TestCountingReader(t *testing.T) {
	data := []byte(strings.Repeat("0123456789", 1000))
	path := writeFile(t, "in.bin", data)
	cases := []struct {
		name string
		read func(t *testing.T, r sizedInput) []byte
		got  []byte // what read returns
		want int64  // bytes counted
	}{
		{"Read to the end", func(t *testing.T, r sizedInput) []byte {
			b, err := io.ReadAll(r)
			require.NoError(t, err)
			return b
		}, data, int64(len(data))},
		{"ReadAt", func(t *testing.T, r sizedInput) []byte {
			b := make([]byte, 100)
			n, err := r.ReadAt(b, 50)
			require.NoError(t, err)
			return b[:n]
		}, data[50:150], 100},
		{"ReadAt past the end", func(t *testing.T, r sizedInput) []byte {
			b := make([]byte, 100)
			n, err := r.ReadAt(b, int64(len(data))-10)
			require.ErrorIs(t, err, io.EOF)
			return b[:n]
		}, data[len(data)-10:], 10},
		{"both", func(t *testing.T, r sizedInput) []byte {
			b := make([]byte, 10)
			_, err := r.ReadAt(b, 0)
			require.NoError(t, err)
			rest, err := io.ReadAll(r)
			require.NoError(t, err)
			return append(b, rest...)
		}, append(data[:10:10], data...), int64(len(data)) + 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := file.Open(path)
			require.NoError(t, err)
			defer f.Close()
			var n atomic.Int64
			cr := &countingReader{r: f, n: &n}
			var _ format.Sized = cr
			assert.Equal(t, int64(len(data)), cr.Size())
			assert.Equal(t, c.got, c.read(t, cr), "the bytes pass through unchanged")
			assert.Equal(t, c.want, n.Load())
		})
	}
}

// TestProgressKeepsRandomAccess: every input format reads through the
// counting reader as through the file, and its bytes are counted.
func TestProgressKeepsRandomAccess(t *testing.T) {
	cases := []string{
		"formats/parquet/veil_alltypes.parquet",
		"formats/arrow/kitchen.arrow",
		"formats/jsonl/events.jsonl.gz",
		"formats/csv/simple.csv.zst",
		"customers.csv",
	}
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", c)
			st, err := os.Stat(path)
			require.NoError(t, err)
			name, err := file.FormatOf(path)
			require.NoError(t, err)
			tr := &inputProgress{size: st.Size(), passes: 1}
			r, closeR, err := openTable(file.Input{Path: path, Format: name}, readSpec{omitTemplate: true, progress: tr})
			require.NoError(t, err)
			defer closeR()
			r = tr.reader(r)
			for {
				rec, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				require.NoError(t, err)
				rec.Release()
			}
			assert.Positive(t, r.Rows())
			assert.Equal(t, r.Rows(), tr.rows.Load())
			assert.Positive(t, tr.bytes.Load())
			assert.LessOrEqual(t, tr.current(), st.Size(), "the bar never passes the size")
		})
	}
}

// TestProgressOffTerminal: off a terminal (or with --no-progress) no bar
// is made, every hook is a no-op, and stderr holds the JSON logs only.
func TestProgressOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	for _, off := range []bool{false, true} {
		p := newProgress(&buf, off)
		tr := p.start("x.csv", 2)
		require.Nil(t, tr)
		tr.phase("mask")
		f, err := file.Open(filepath.Join("..", "..", "testdata", "customers.csv"))
		require.NoError(t, err)
		assert.Same(t, f, tr.input(f), "the file itself, no wrapper")
		f.Close()
		tr.finish(true)
	}
	assert.Zero(t, buf.Len())

	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	masked := t.TempDir()
	runs := [][]string{
		{"mask", "--key", key, "--out", masked, "--format", "csv", src},
		{"unmask", "--key", key, "--out", t.TempDir(), "--format", "csv", filepath.Join(masked, "customers.csv")},
		{"scan", src},
		{"mask", "--key", key, "--out", t.TempDir(), "--format", "csv", filepath.Join(t.TempDir(), "missing.csv")},
	}
	for _, args := range runs {
		t.Run(args[0], func(t *testing.T) {
			_, _, errs := veil(t, "", args...)
			assert.NotContains(t, errs, "\x1b", "no terminal control")
			assert.NotContains(t, errs, "\r")
			assert.NotContains(t, errs, " rows")
			sc := bufio.NewScanner(strings.NewReader(errs))
			for sc.Scan() {
				var m map[string]any
				assert.NoError(t, json.Unmarshal(sc.Bytes(), &m), "every stderr line is a structured log: %q", sc.Text())
			}
		})
	}
}

// TestProgressBarRenders: forced onto a buffer, the bar shows the pass,
// the bytes, the rows and the end.
func TestProgressBarRenders(t *testing.T) {
	data := []byte(strings.Repeat("x", 64<<10))
	path := writeFile(t, "people.csv", data)
	cases := []struct {
		name string
		ok   bool
		want []string
	}{
		{"done", true, []string{"people.csv", "mask 2/2", "1234 rows", "64.0 KiB / 64.0 KiB", "done"}},
		{"failed", false, []string{"people.csv", "mask 2/2", "1234 rows", "failed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := &progress{out: &buf, opts: []mpb.ContainerOption{mpb.WithAutoRefresh(), mpb.WithWidth(120)}}
			tr := p.start(path, 2)
			require.NotNil(t, tr)
			for _, phase := range []string{"classify", "mask"} {
				tr.phase(phase)
				f, err := file.Open(path)
				require.NoError(t, err)
				_, err = io.Copy(io.Discard, tr.input(f))
				require.NoError(t, err)
				f.Close()
			}
			tr.rows.Add(1234)
			tr.finish(c.ok)
			out := buf.String()
			for _, w := range c.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

// TestProgressCountsFilteredRows: a sample's row filter reaches the reader
// through the bar's wrapper, and the rows it leaves out still move the bar.
func TestProgressCountsFilteredRows(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "customers.csv")
	st, err := os.Stat(path)
	require.NoError(t, err)
	tr := &inputProgress{size: st.Size(), passes: 1}
	r, closeR, err := openTable(file.Input{Path: path, Format: "csv"}, readSpec{progress: tr})
	require.NoError(t, err)
	defer closeR()
	r = tr.reader(r)
	f, ok := r.(format.RowFilter)
	require.True(t, ok)
	require.True(t, f.SetKeep(func(row int64) bool { return row == 0 }))
	returned := int64(0)
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		returned += rec.NumRows()
		rec.Release()
	}
	assert.Equal(t, int64(1), returned)
	assert.Equal(t, int64(300), r.Rows())
	assert.Equal(t, int64(300), tr.rows.Load())
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/file"
	"github.com/veil-data/veil/connectors/format"
	"github.com/veil-data/veil/scanner/batch"
)

// lateKeyRows is more than one batch of the JSON lines reader
// (format.DefaultBatchRows), so keys first met at lateKeyFrom arrive after
// the first batch.
const (
	lateKeyRows = format.DefaultBatchRows + 2000
	lateKeyFrom = format.DefaultBatchRows + 500
)

// plantedSSN is a valid SSN, distinct for every i < 400000.
func plantedSSN(i int) string {
	return fmt.Sprintf("%03d-%02d-%04d", 101+i%500, 10+(i/500)%80, 1000+i%8000)
}

// lateKeyJSONL writes a JSON lines file whose key backup_ssn first appears
// in line lateKeyFrom+1, and whose n holds numbers, strings and booleans
// by turns. It returns the path.
func lateKeyJSONL(t *testing.T) string {
	t.Helper()
	var sb strings.Builder
	for i := range lateKeyRows {
		ssn := plantedSSN(i)
		fmt.Fprintf(&sb, `{"id":"row%d","ssn":"%s","n":`, i, ssn)
		switch i % 3 {
		case 0:
			fmt.Fprintf(&sb, "%d", i)
		case 1:
			fmt.Fprintf(&sb, `"%d"`, i)
		default:
			sb.WriteString("true")
		}
		if i >= lateKeyFrom {
			fmt.Fprintf(&sb, `,"backup_ssn":"%s"`, plantedSSN(i+200000))
		}
		sb.WriteString("}\n")
	}
	return writeFile(t, "people.jsonl", []byte(sb.String()))
}

// readTable reads a file with the repo's own reader for its format and
// returns its column names and every row as column -> text (nulls left
// out).
func readTable(t *testing.T, path string) ([]string, []map[string]string) {
	t.Helper()
	name, err := file.FormatOf(path)
	require.NoError(t, err)
	r, closeR, err := openTable(file.Input{Path: path, Format: name}, readSpec{omitTemplate: true})
	require.NoError(t, err)
	defer closeR()
	var rows []map[string]string
	var cols []string
	var buf []byte
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		cols = cols[:0]
		for j := range int(rec.NumCols()) {
			cols = append(cols, rec.ColumnName(j))
		}
		for i := range int(rec.NumRows()) {
			row := map[string]string{}
			for j, c := range rec.Columns() {
				var ok bool
				if buf, ok = batch.AppendText(buf[:0], c, i); ok {
					row[cols[j]] = string(buf)
				}
			}
			rows = append(rows, row)
		}
		rec.Release()
	}
	return cols, rows
}

// TestMaskJSONLinesLateKey: a key first met after the first batch reaches
// every fixed-schema output as a column of its own, masked, with nulls (or
// empty CSV fields) before it appears; no planted value is left in place.
func TestMaskJSONLinesLateKey(t *testing.T) {
	src := lateKeyJSONL(t)
	key := keyFile(t)
	cases := []struct {
		format string
		ext    string
		null   func(row map[string]string, col string) bool
	}{
		{"parquet", ".parquet", absent},
		{"arrow", ".arrow", absent},
		// CSV has no null: a missing value is an empty field.
		{"csv", ".csv", func(row map[string]string, col string) bool { return row[col] == "" }},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			out := t.TempDir()
			code, _, errs := veil(t, "", "mask", "--key", key, "--out", out, "--format", c.format, src)
			require.Equal(t, exitOK, code, errs)
			path := filepath.Join(out, "people"+c.ext)
			cols, rows := readTable(t, path)
			assert.Equal(t, []string{"id", "ssn", "n", "backup_ssn"}, cols)
			require.Len(t, rows, lateKeyRows)
			for i, row := range rows {
				assert.Equal(t, fmt.Sprintf("row%d", i), row["id"], "kept column, row %d", i)
				assert.Equal(t, shape(plantedSSN(i)), shape(row["ssn"]), "tokenized keeps the shape, row %d", i)
				if i < lateKeyFrom {
					assert.True(t, c.null(row, "backup_ssn"), "row %d lacks the late key", i)
				} else {
					assert.Equal(t, shape(plantedSSN(i+200000)), shape(row["backup_ssn"]), "row %d", i)
				}
				want := map[int]string{0: fmt.Sprint(i), 1: fmt.Sprint(i), 2: "true"}[i%3]
				assert.Equal(t, want, row["n"], "a path of mixed JSON kinds is one text column, row %d", i)
			}
			// Tokens are SSN-shaped and the planted SSNs fill a third of
			// that space, so some token equals some other row's SSN by
			// chance; what must never happen is a value left in place.
			for i, row := range rows {
				require.NotEqual(t, plantedSSN(i), row["ssn"], "row %d: ssn left in clear in the %s output", i, c.format)
				if i >= lateKeyFrom {
					require.NotEqual(t, plantedSSN(i+200000), row["backup_ssn"], "row %d: backup_ssn left in clear in the %s output", i, c.format)
				}
			}
		})
	}
}

func absent(row map[string]string, col string) bool { _, ok := row[col]; return !ok }

// TestUnmaskJSONLinesLateKey: a JSON lines output of mask whose late key
// appears after the first batch unmasks into fixed-schema formats, values
// restored.
func TestUnmaskJSONLinesLateKey(t *testing.T) {
	src := lateKeyJSONL(t)
	key := keyFile(t)
	masked := t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", masked, "--format", "jsonl", src)
	require.Equal(t, exitOK, code, errs)
	for _, f := range []string{"parquet", "arrow", "csv"} {
		t.Run(f, func(t *testing.T) {
			restored := t.TempDir()
			code, _, errs := veil(t, "", "unmask", "--key", key, "--out", restored, "--format", f, filepath.Join(masked, "people.jsonl"))
			require.Equal(t, exitOK, code, errs)
			cols, rows := readTable(t, filepath.Join(restored, "people"+outputExt[f]))
			assert.Equal(t, []string{"id", "ssn", "n", "backup_ssn"}, cols)
			require.Len(t, rows, lateKeyRows)
			for i, row := range rows {
				require.Equal(t, plantedSSN(i), row["ssn"], "row %d", i)
				if i >= lateKeyFrom {
					require.Equal(t, plantedSSN(i+200000), row["backup_ssn"], "row %d", i)
				}
			}
		})
	}
}

// TestMaskJSONLinesBadLine: a bad line fails the input with its file and
// line, never its value, whatever the output format.
func TestMaskJSONLinesBadLine(t *testing.T) {
	const secret = "536-22-1234"
	cases := []struct {
		name string
		line string
		want string
	}{
		{"not JSON", `{"ssn":"` + secret + `",}`, "invalid JSON"},
		{"duplicate key", `{"ssn":"` + secret + `","ssn":"x"}`, "duplicate key"},
	}
	for _, c := range cases {
		for _, f := range []string{"parquet", "csv"} {
			t.Run(c.name+"/"+f, func(t *testing.T) {
				src := writeFile(t, "bad.jsonl", []byte(`{"ssn":"537-22-1234"}`+"\n"+c.line+"\n"))
				out := t.TempDir()
				code, _, errs := veil(t, "", "mask", "--key", keyFile(t), "--out", out, "--format", f, src)
				assert.Equal(t, exitError, code)
				assert.Contains(t, errs, src+": row 2")
				assert.Contains(t, errs, c.want)
				assert.NotContains(t, errs, secret)
				entries, _ := os.ReadDir(out)
				assert.Empty(t, entries, "no output")
			})
		}
	}
}

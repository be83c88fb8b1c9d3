package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	pqformat "github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format/formattest"
)

// encodeCSV writes rows as CSV with the given delimiter after preamble
// (comment lines, say), gzip-compressed when gz is set.
func encodeCSV(t *testing.T, rows [][]string, comma rune, preamble string, gz bool) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(preamble)
	w := csv.NewWriter(&b)
	w.Comma = comma
	require.NoError(t, w.WriteAll(rows))
	if !gz {
		return b.Bytes()
	}
	return formattest.Gzip(t, b.Bytes())
}

// decodeCSV reads a whole CSV file written with the given delimiter.
func decodeCSV(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	rows, err := r.ReadAll()
	require.NoError(t, err, "%s read with delimiter %q", path, comma)
	return rows
}

// scanColumns runs veil scan and returns its one source's report.
func scanColumns(t *testing.T, args ...string) SourceScan {
	t.Helper()
	code, out, errs := veil(t, "", append([]string{"scan", "--format", "json"}, args...)...)
	require.Equal(t, exitOK, code, errs)
	var rep ScanReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Sources, 1)
	require.Empty(t, rep.Sources[0].Errors)
	return rep.Sources[0]
}

// TestCSVDialectFlags: the customer table written with another delimiter
// (and comment lines, and gzip) and read with the matching flags is
// classified, masked and unmasked exactly as the comma version; CSV
// outputs keep the delimiter given with --delimiter, so they read back
// with the same flags.
func TestCSVDialectFlags(t *testing.T) {
	rows := readCSV(t, filepath.Join("..", "..", "testdata", "customers.csv"))
	key := keyFile(t)

	// The comma version, written by the same encoder as the others.
	base := writeFile(t, "customers.csv", encodeCSV(t, rows, ',', "", false))
	wantScan := scanColumns(t, base)
	maskedBase := t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", maskedBase, "--format", "csv", base)
	require.Equal(t, exitOK, code, errs)
	wantMasked := readCSV(t, filepath.Join(maskedBase, "customers.csv"))
	restoredBase := t.TempDir()
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", restoredBase, "--format", "csv", filepath.Join(maskedBase, "customers.csv"))
	require.Equal(t, exitOK, code, errs)
	wantRestored := readCSV(t, filepath.Join(restoredBase, "customers.csv"))
	require.Len(t, wantMasked, len(rows))

	for _, tc := range []struct {
		name     string
		file     string
		comma    rune   // the input's delimiter
		preamble string // lines before the header
		gz       bool
		flags    []string
		outComma rune // the delimiter of CSV outputs
	}{
		{name: "semicolon", file: "customers.csv", comma: ';', flags: []string{"--delimiter", ";"}, outComma: ';'},
		{name: `tab as \t`, file: "customers.csv", comma: '\t', flags: []string{"--delimiter", `\t`}, outComma: '\t'},
		{name: "tab as tab", file: "customers.csv", comma: '\t', flags: []string{"--delimiter", "tab"}, outComma: '\t'},
		{name: "literal tab", file: "customers.csv", comma: '\t', flags: []string{"--delimiter", "\t"}, outComma: '\t'},
		// A .tsv file is read with tabs unless --delimiter says otherwise;
		// its CSV output is a .csv file, written with commas.
		{name: "tsv by extension", file: "customers.tsv", comma: '\t', outComma: ','},
		{name: "pipe, gzip", file: "customers.csv.gz", comma: '|', gz: true, flags: []string{"--delimiter", "|"}, outComma: '|'},
		{
			name: "semicolon with comments", file: "customers.csv", comma: ';',
			preamble: "# exported for the test\n#  a second comment; with a delimiter\n",
			flags:    []string{"--delimiter", ";", "--comment", "#"}, outComma: ';',
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := writeFile(t, tc.file, encodeCSV(t, rows, tc.comma, tc.preamble, tc.gz))

			got := scanColumns(t, append(tc.flags, src)...)
			assert.Equal(t, wantScan.RowsRead, got.RowsRead)
			assert.Equal(t, wantScan.Columns, got.Columns, "same classification, counts and positions")

			masked := t.TempDir()
			code, _, errs := veil(t, "", append(append([]string{"mask", "--key", key, "--out", masked, "--format", "csv"}, tc.flags...), src)...)
			require.Equal(t, exitOK, code, errs)
			out := filepath.Join(masked, "customers.csv")
			raw, err := os.ReadFile(out)
			require.NoError(t, err)
			header, _, _ := strings.Cut(string(raw), "\n")
			assert.Equal(t, strings.Join(rows[0], string(tc.outComma)), header, "the output's delimiter")
			assert.Equal(t, wantMasked, decodeCSV(t, out, tc.outComma), "same masking as the comma version")

			// unmask reads the output with the same flags (a .tsv input's
			// output is plain comma CSV) and writes its delimiter back.
			var outFlags []string
			if tc.outComma != ',' {
				outFlags = tc.flags
			}
			restored := t.TempDir()
			code, _, errs = veil(t, "", append(append([]string{"unmask", "--key", key, "--out", restored, "--format", "csv"}, outFlags...), out)...)
			require.Equal(t, exitOK, code, errs)
			assert.Equal(t, wantRestored, decodeCSV(t, filepath.Join(restored, "customers.csv"), tc.outComma))
		})
	}
}

// TestCSVLazyQuotes: a stray quote fails the source (exit 2, the error
// names the file and the row and suggests --lazy-quotes, without the
// value) unless --lazy-quotes is given.
func TestCSVLazyQuotes(t *testing.T) {
	key := keyFile(t)
	for _, tc := range []struct {
		name, row, secret string
	}{
		{name: "bare quote", row: `bob,537-22-1235,height 5"10 zqxsecret`, secret: "zqxsecret"},
		{name: "stray quote in quoted field", row: `bob,537-22-1235,"said "zqxsecret" twice"`, secret: "zqxsecret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := writeFile(t, "quotes.csv", []byte("name,ssn,note\nann,536-22-1234,plain\n"+tc.row+"\n"))
			for _, lazy := range []bool{false, true} {
				var flags []string
				if lazy {
					flags = []string{"--lazy-quotes"}
				}
				code, out, errs := veil(t, "", append(append([]string{"scan", "--format", "json"}, flags...), src)...)
				var rep ScanReport
				require.NoError(t, json.Unmarshal([]byte(out), &rep), errs)
				require.Len(t, rep.Sources, 1)
				s := rep.Sources[0]

				dir := t.TempDir()
				mcode, _, merrs := veil(t, "", append(append([]string{"mask", "--key", key, "--out", dir, "--format", "csv"}, flags...), src)...)
				if !lazy {
					assert.Equal(t, exitError, code)
					require.Len(t, s.Errors, 1)
					for _, want := range []string{src, "row 2", "--lazy-quotes"} {
						assert.Contains(t, s.Errors[0], want)
					}
					assert.Equal(t, exitError, mcode)
					assert.Contains(t, merrs, src)
					assert.Contains(t, merrs, "row 2")
					for _, text := range []string{out, errs, merrs} {
						assert.NotContains(t, text, tc.secret, "errors never hold values")
					}
					_, err := os.Stat(filepath.Join(dir, "quotes.csv"))
					assert.True(t, os.IsNotExist(err), "no output for a failed input")
					continue
				}
				assert.Equal(t, exitOK, code, errs)
				assert.Empty(t, s.Errors)
				assert.EqualValues(t, 2, s.RowsRead)
				require.Equal(t, exitOK, mcode, merrs)
				got := readCSV(t, filepath.Join(dir, "quotes.csv"))
				require.Len(t, got, 3)
				assert.Contains(t, got[2][2], tc.secret, "the note, quotes read as literal ones, is kept")
			}
		})
	}
}

// TestCSVFlagErrors: a delimiter or comment character the CSV format
// cannot use is a usage error (exit 2) naming the flag, for every command,
// before anything is read or written.
func TestCSVFlagErrors(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	for _, tc := range []struct {
		name  string
		flags []string
		want  string
	}{
		{"two characters", []string{"--delimiter", ";;"}, "--delimiter"},
		{"escaped newline", []string{"--delimiter", `\n`}, "--delimiter"},
		{"quote", []string{"--delimiter", `"`}, "--delimiter"},
		{"newline", []string{"--delimiter", "\n"}, "--delimiter"},
		{"carriage return", []string{"--delimiter", "\r"}, "--delimiter"},
		{"non-ASCII", []string{"--delimiter", "§"}, "--delimiter"},
		{"NUL", []string{"--delimiter", "\x00"}, "--delimiter"},
		{"comment equals default delimiter", []string{"--comment", ","}, "--comment"},
		{"comment equals delimiter", []string{"--delimiter", ";", "--comment", ";"}, "--comment"},
		{"comment quote", []string{"--comment", `"`}, "--comment"},
		{"comment two characters", []string{"--comment", "//"}, "--comment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, cmd := range []string{"scan", "mask", "unmask"} {
				out := t.TempDir()
				args := []string{cmd}
				if cmd != "scan" {
					args = append(args, "--key", key, "--out", out, "--format", "csv")
				}
				code, stdout, errs := veil(t, "", append(append(args, tc.flags...), src)...)
				assert.Equal(t, exitError, code, cmd)
				assert.Contains(t, errs, tc.want, cmd)
				assert.Empty(t, stdout, "%s: no report for bad usage", cmd)
				entries, err := os.ReadDir(out)
				require.NoError(t, err)
				assert.Empty(t, entries, "%s: nothing written", cmd)
			}
		})
	}
}

// parquetCodecs is the set of codecs of every column chunk of a Parquet
// file, read from its footer.
func parquetCodecs(t *testing.T, path string) map[pqformat.CompressionCodec]bool {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	pf, err := pq.OpenFile(f, st.Size())
	require.NoError(t, err)
	codecs := map[pqformat.CompressionCodec]bool{}
	for _, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			codecs[c.MetaData.Codec] = true
		}
	}
	return codecs
}

// TestParquetCompressionFlag: each --compression value of mask and unmask
// gives a Parquet file with that codec in its footer, readable by the
// repo's reader with the same rows as the default (zstd).
func TestParquetCompressionFlag(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	masked := t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", masked, src)
	require.Equal(t, exitOK, code, errs)
	maskedFile := filepath.Join(masked, "customers.parquet")
	require.Equal(t, map[pqformat.CompressionCodec]bool{pqformat.Zstd: true}, parquetCodecs(t, maskedFile), "zstd by default")
	wantCols, wantMasked := readTable(t, maskedFile)
	require.Len(t, wantMasked, 300)
	restored := t.TempDir()
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", restored, maskedFile)
	require.Equal(t, exitOK, code, errs)
	restoredFile := filepath.Join(restored, "customers.parquet")
	require.Equal(t, map[pqformat.CompressionCodec]bool{pqformat.Zstd: true}, parquetCodecs(t, restoredFile), "zstd by default")
	_, wantRestored := readTable(t, restoredFile)

	sizes := map[string]map[string]int64{"mask": {}, "unmask": {}}
	for _, tc := range []struct {
		value string
		codec pqformat.CompressionCodec
	}{
		{"zstd", pqformat.Zstd},
		{"snappy", pqformat.Snappy},
		{"none", pqformat.Uncompressed},
	} {
		for _, cmd := range []string{"mask", "unmask"} {
			t.Run(cmd+"/"+tc.value, func(t *testing.T) {
				out := t.TempDir()
				in, want, name := src, wantMasked, "customers.parquet"
				if cmd == "unmask" {
					in, want = maskedFile, wantRestored
				}
				code, _, errs := veil(t, "", cmd, "--key", key, "--out", out, "--format", "parquet", "--compression", tc.value, in)
				require.Equal(t, exitOK, code, errs)
				path := filepath.Join(out, name)
				assert.Equal(t, map[pqformat.CompressionCodec]bool{tc.codec: true}, parquetCodecs(t, path))
				cols, rows := readTable(t, path)
				assert.Equal(t, wantCols, cols)
				assert.Equal(t, want, rows, "same rows whatever the codec")
				st, err := os.Stat(path)
				require.NoError(t, err)
				sizes[cmd][tc.value] = st.Size()
			})
		}
	}
	for _, cmd := range []string{"mask", "unmask"} {
		assert.Greater(t, sizes[cmd]["none"], sizes[cmd]["zstd"], "%s: zstd compresses", cmd)
		assert.Greater(t, sizes[cmd]["none"], sizes[cmd]["snappy"], "%s: snappy compresses", cmd)
	}
}

// TestCompressionFlagErrors: an unknown codec, or --compression with an
// output format other than Parquet, is a usage error (exit 2) and nothing
// is written.
func TestCompressionFlagErrors(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown codec", []string{"--compression", "lz4"}, `--compression "lz4"`},
		{"gzip is not a Parquet codec here", []string{"--compression", "gzip"}, `--compression "gzip"`},
		{"empty", []string{"--compression", ""}, `--compression ""`},
		{"upper case", []string{"--compression", "ZSTD"}, `--compression "ZSTD"`},
		{"with csv", []string{"--format", "csv", "--compression", "zstd"}, "Parquet output only"},
		{"with jsonl", []string{"--format", "jsonl", "--compression", "none"}, "Parquet output only"},
		{"with arrow", []string{"--format", "arrow", "--compression", "snappy"}, "Parquet output only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, cmd := range []string{"mask", "unmask"} {
				out := t.TempDir()
				code, _, errs := veil(t, "", append(append([]string{cmd, "--key", key, "--out", out}, tc.args...), src)...)
				assert.Equal(t, exitError, code, cmd)
				assert.Contains(t, errs, tc.want, cmd)
				entries, err := os.ReadDir(out)
				require.NoError(t, err)
				assert.Empty(t, entries, "%s: nothing written", cmd)
			}
		})
	}
}

// TestSampleRowsAndFullExclusive: --sample-rows and --full contradict each
// other; given together they are a usage error that names both.
func TestSampleRowsAndFullExclusive(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	out := t.TempDir()
	for _, args := range [][]string{
		{"scan", "--sample-rows", "50", "--full", src},
		{"scan", "--full", "--sample-rows=10000", src}, // even the default value, given
		{"mask", "--key", keyFile(t), "--out", out, "--full", "--sample-rows", "50", src},
	} {
		code, stdout, errs := veil(t, "", args...)
		assert.Equal(t, exitError, code, args)
		assert.Empty(t, stdout)
		assert.Equal(t, "veil: --full and --sample-rows cannot be used together: --full reads every row, --sample-rows N a sample of N to 2N rows\n", errs)
	}
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing masked")
	for _, flag := range []string{"--full", "--sample-rows=50"} {
		code, _, errs := veil(t, "", "scan", "--format", "json", flag, src)
		assert.Equal(t, exitOK, code, errs)
	}
	assert.Equal(t, errors.New("x"), exclusiveFlagsError(errors.New("x")), "other errors pass unchanged")
}

// TestQuoteFlag: --quote reads fields enclosed in another quote character,
// and CSV outputs are written with it.
func TestQuoteFlag(t *testing.T) {
	src := writeFile(t, "q.csv", []byte("name,ssn,notes\n'Doe, Jane',536-22-1234,'said \"hi\", twice'\n"))
	out := t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", keyFile(t), "--out", out, "--format", "csv", "--quote", "'", src)
	require.Equal(t, exitOK, code, errs)
	got, err := os.ReadFile(filepath.Join(out, "q.csv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasPrefix(lines[1], "'Doe, Jane',"), lines[1])
	assert.True(t, strings.HasSuffix(lines[1], `,'said "hi", twice'`), lines[1])
	assert.NotContains(t, lines[1], "536-22-1234")

	code, _, errs = veil(t, "", "scan", "--quote", "ab", src)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "--quote")
	code, _, errs = veil(t, "", "scan", "--quote", ",", src)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "--quote")
}

// TestUnmaskReadsTheRecordedDialect: a CSV masked with --delimiter and
// --quote records its dialect in the manifest, so unmask reads it back
// without the flags.
func TestUnmaskReadsTheRecordedDialect(t *testing.T) {
	src := writeFile(t, "semi.csv", []byte("name;ssn\n'Doe; Jane';536-22-1234\n"))
	key := keyFile(t)
	masked, back := t.TempDir(), t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", masked, "--format", "csv", "--delimiter", ";", "--quote", "'", src)
	require.Equal(t, exitOK, code, errs)
	raw, err := os.ReadFile(filepath.Join(masked, "semi.csv.manifest.json"))
	require.NoError(t, err)
	var m Manifest
	require.NoError(t, json.Unmarshal(raw, &m))
	require.NotNil(t, m.Output.CSV)
	assert.Equal(t, CSVDialect{Delimiter: ";", Quote: "'"}, *m.Output.CSV)
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", back, "--format", "csv", filepath.Join(masked, "semi.csv"))
	require.Equal(t, exitOK, code, errs)
	got, err := os.ReadFile(filepath.Join(back, "semi.csv"))
	require.NoError(t, err)
	assert.Equal(t, "name,ssn\nDoe; Jane,536-22-1234\n", string(got), "read as written, written with the defaults")
}

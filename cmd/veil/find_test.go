package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/connectors/format/formattest"
)

func veil(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func records(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), "line %q", sc.Text())
		recs = append(recs, m)
	}
	return recs
}

const sampleText = "first line\nssn 536-22-1234 and nothing else\nno pii here\n"

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

func TestFindJSONLines(t *testing.T) {
	p := writeFile(t, "x.log", []byte(sampleText))
	code, out, errs := veil(t, "", "find", p)
	assert.Equal(t, exitFindings, code, errs)
	recs := records(t, out)
	require.Len(t, recs, 1)
	r := recs[0]
	assert.Equal(t, "US_SSN", r["type"])
	assert.EqualValues(t, 15, r["start"])
	assert.EqualValues(t, 26, r["end"])
	assert.EqualValues(t, 2, r["line"])
	assert.Equal(t, "VERY_LIKELY", r["confidence"])
	assert.Equal(t, p, r["file"])
	assert.NotContains(t, out, "536-22-1234", "values are never printed without --show-values")
	assert.Equal(t, "536-22-1234", sampleText[15:26])
}

func TestFindShowValuesAndText(t *testing.T) {
	_, out, _ := veil(t, sampleText, "find", "--show-values")
	assert.Equal(t, "536-22-1234", records(t, out)[0]["value"])
	code, out, _ := veil(t, sampleText, "find", "--format", "text", "-")
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "(standard input):2: US_SSN [15,26) VERY_LIKELY\n", out)
}

func TestFindCompressedInputsGiveSameOffsets(t *testing.T) {
	plain := []byte(sampleText)
	for name, data := range map[string][]byte{"a.log.gz": formattest.Gzip(t, plain), "a.log.zst": formattest.Zstd(t, plain), "a.log": plain} {
		p := writeFile(t, name, data)
		code, out, errs := veil(t, "", "find", p)
		require.Equal(t, exitFindings, code, errs)
		recs := records(t, out)
		require.Len(t, recs, 1, name)
		assert.EqualValues(t, 15, recs[0]["start"], name)
		assert.EqualValues(t, 2, recs[0]["line"], name)
	}
}

func TestFindExitCodes(t *testing.T) {
	clean := writeFile(t, "clean.log", []byte("nothing to see\n"))
	code, out, _ := veil(t, "", "find", clean)
	assert.Equal(t, exitOK, code)
	assert.Empty(t, out)

	missing := filepath.Join(t.TempDir(), "missing.log")
	code, _, errs := veil(t, "", "find", clean, missing)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "missing.log")

	code, _, errs = veil(t, "", "find", "--format", "xml", clean)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "--format")

	code, _, errs = veil(t, "", "find", "--min-confidence", "SURE", clean)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "SURE")

	code, _, errs = veil(t, "", "find", t.TempDir())
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "directory")
}

func TestFindMinConfidence(t *testing.T) {
	in := "ref 536221234\n"
	code, _, _ := veil(t, in, "find")
	assert.Equal(t, exitOK, code, "a bare 9-digit number without context is not reported by default")
	code, out, _ := veil(t, in, "find", "--min-confidence", "unlikely")
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "UNLIKELY", records(t, out)[0]["confidence"])
}

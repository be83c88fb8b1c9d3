package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows
}

func keyFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "veil.key")
	code, _, errs := veil(t, "", "keygen", "--out", p)
	require.Equal(t, exitOK, code, errs)
	return p
}

func TestMaskCSVConformance(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	out1, out2 := t.TempDir(), t.TempDir()
	for _, out := range []string{out1, out2} {
		code, _, errs := veil(t, "", "mask", "--key", key, "--out", out, "--format", "csv", src)
		require.Equal(t, exitOK, code, errs)
	}
	in := readCSV(t, src)
	got := readCSV(t, filepath.Join(out1, "customers.csv"))
	require.Equal(t, len(in), len(got), "row count preserved")
	require.Equal(t, in[0], got[0], "header preserved")

	// Determinism: the same key gives the same output, run after run.
	b1, _ := os.ReadFile(filepath.Join(out1, "customers.csv"))
	b2, _ := os.ReadFile(filepath.Join(out2, "customers.csv"))
	assert.Equal(t, string(b1), string(b2))

	types := map[string]string{}
	for _, c := range bench.TableColumns() {
		types[c.Name] = c.Type
	}
	all := string(b1)
	for r := 1; r < len(in); r++ {
		for c, name := range in[0] {
			v, m := in[r][c], got[r][c]
			switch {
			case types[name] != "":
				if strings.TrimSpace(v) == "" {
					assert.Equal(t, v, m, "empty values stay empty")
					continue
				}
				assert.NotEqual(t, v, m, "row %d column %s left in clear", r, name)
				if len(v) >= 6 {
					assert.NotContains(t, all, v, "a planted %s value appears somewhere in the output", name)
				}
			case name == "notes":
			default:
				assert.Equal(t, v, m, "untouched column %s must be byte-equal", name)
			}
		}
	}
	// Format preservation: a tokenized SSN keeps its shape (NNN-NN-NNNN
	// stays NNN-NN-NNNN, bare digits stay bare).
	ssn := indexOf(in[0], "ssn")
	for r := 1; r < len(got); r++ {
		assert.Equal(t, shape(in[r][ssn]), shape(got[r][ssn]), "row %d", r)
	}

	var m Manifest
	raw, err := os.ReadFile(filepath.Join(out1, "customers.csv.manifest.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &m))
	assert.EqualValues(t, 300, m.Rows.Read)
	assert.EqualValues(t, 300, m.Rows.Written)
	assert.NotEmpty(t, m.KeyID)
	assert.Regexp(t, `^sha256:`, m.PolicyDigest)
	assert.Len(t, m.Source.SHA256, 64)
	assert.NotContains(t, string(raw), in[1][ssn], "the manifest holds no values")
	actions := map[string]string{}
	for _, c := range m.Columns {
		actions[c.Name] = c.Action
	}
	assert.Equal(t, "tokenize", actions["ssn"])
	assert.Equal(t, "keep", actions["id"], "every column says what was done to it")
	assert.Equal(t, "mask spans", actions["notes"])
	keyRaw, _ := os.ReadFile(key)
	assert.NotContains(t, string(raw), string(keyRaw), "nor key material")
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func TestMaskDifferentKeyDifferentTokens(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	o1, o2 := t.TempDir(), t.TempDir()
	for _, o := range []string{o1, o2} {
		code, _, errs := veil(t, "", "mask", "--key", keyFile(t), "--out", o, "--format", "csv", src)
		require.Equal(t, exitOK, code, errs)
	}
	a := readCSV(t, filepath.Join(o1, "customers.csv"))
	b := readCSV(t, filepath.Join(o2, "customers.csv"))
	ssn := indexOf(a[0], "ssn")
	assert.NotEqual(t, a[1][ssn], b[1][ssn])
}

func TestMaskFailsClosedPerInput(t *testing.T) {
	key := keyFile(t)
	out := t.TempDir()
	bad := writeFile(t, "bad.csv", []byte("ssn,x\n536-22-1234,1\n537-22-1234\n"))
	good := writeFile(t, "good.csv", []byte("ssn,x\n536-22-1234,1\n"))
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", out, "--format", "csv", bad, good)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "bad.csv")
	_, err := os.Stat(filepath.Join(out, "bad.csv"))
	assert.True(t, os.IsNotExist(err), "a failed input leaves no output")
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"good.csv", "good.csv.manifest.json"}, names, "no temporary files left, other inputs done")

	code, _, errs = veil(t, "", "mask", "--out", out, good)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "--key")
}

// shape maps digits to 9 and letters to a, keeping everything else.
func shape(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return '9'
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return 'a'
		}
		return r
	}, s)
}

func TestMaskUnmaskRoundTrip(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	masked, restored := t.TempDir(), t.TempDir()
	code, _, errs := veil(t, "", "mask", "--key", key, "--out", masked, "--format", "csv", src)
	require.Equal(t, exitOK, code, errs)
	code, _, errs = veil(t, "", "unmask", "--key", key, "--out", restored, "--format", "csv", filepath.Join(masked, "customers.csv"))
	require.Equal(t, exitOK, code, errs)

	in := readCSV(t, src)
	mid := readCSV(t, filepath.Join(masked, "customers.csv"))
	back := readCSV(t, filepath.Join(restored, "customers.csv"))
	require.Equal(t, len(in), len(back))
	types := map[string]string{}
	for _, c := range bench.TableColumns() {
		types[c.Name] = c.Type
	}
	restoredValues := 0
	for r := 1; r < len(in); r++ {
		for c, name := range in[0] {
			if types[name] == "" {
				if name != "notes" {
					assert.Equal(t, in[r][c], back[r][c], "kept column %s", name)
				}
				continue
			}
			if mid[r][c] == "["+types[name]+"]" {
				continue // redacted as a fallback: not reversible, by design
			}
			assert.Equal(t, in[r][c], back[r][c], "row %d column %s", r, name)
			restoredValues++
		}
	}
	assert.Greater(t, restoredValues, 2000)

	other := keyFile(t)
	code, _, errs = veil(t, "", "unmask", "--key", other, "--out", t.TempDir(), "--format", "csv", filepath.Join(masked, "customers.csv"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "masked with key")
}

func TestMaskManifestChecksums(t *testing.T) {
	// The output's checksum is taken as it is written and the source's
	// beside the first pass: both must equal the files on disk.
	src := filepath.Join("..", "..", "testdata", "customers.csv")
	key := keyFile(t)
	for _, f := range formatNames() {
		t.Run(f, func(t *testing.T) {
			out := t.TempDir()
			code, _, errs := veil(t, "", "mask", "--key", key, "--out", out, "--format", f, src)
			require.Equal(t, exitOK, code, errs)
			outPath := filepath.Join(out, "customers"+outputExt[f])
			var m Manifest
			raw, err := os.ReadFile(outPath + ".manifest.json")
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(raw, &m))
			wantOut, err := describe(outPath, f, nil)
			require.NoError(t, err)
			wantSrc, err := describe(src, "csv", nil)
			require.NoError(t, err)
			if f == "csv" {
				wantOut.CSV = &CSVDialect{Delimiter: ",", Quote: `"`} // the default dialect, recorded
			}
			assert.Equal(t, wantOut, m.Output)
			assert.Equal(t, wantSrc, m.Source)
		})
	}
}

func TestCPUProfileFlag(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	code, _, errs := veil(t, "", "scan", "--cpuprofile", prof, "--format", "json", filepath.Join("..", "..", "testdata", "customers.csv"))
	require.Equal(t, exitOK, code, errs)
	st, err := os.Stat(prof)
	require.NoError(t, err)
	assert.Positive(t, st.Size(), "a profile was written")

	code, _, errs = veil(t, "", "scan", "--cpuprofile", filepath.Join(t.TempDir(), "no", "such", "dir", "p"), "x.csv")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "cpuprofile")

	// A failing run still finishes its profile, and the next run can
	// profile again.
	failed := filepath.Join(t.TempDir(), "failed.prof")
	code, _, _ = veil(t, "", "scan", "--cpuprofile", failed, filepath.Join(t.TempDir(), "missing.csv"))
	require.Equal(t, exitError, code)
	st, err = os.Stat(failed)
	require.NoError(t, err)
	assert.Positive(t, st.Size(), "the profile of a failed run is complete")
	code, _, errs = veil(t, "", "scan", "--cpuprofile", prof, "--format", "json", filepath.Join("..", "..", "testdata", "customers.csv"))
	assert.Equal(t, exitOK, code, errs)
}

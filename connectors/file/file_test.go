package file

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func touch(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]string{
		"a.csv": "csv", "A.CSV.GZ": "csv", "x/y.tsv.zst": "csv", "e.jsonl": "jsonl", "e.ndjson.gz": "jsonl",
		"p.parquet": "parquet", "q.arrow": "arrow", "s.arrows": "arrow",
	} {
		got, err := FormatOf(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	_, err := FormatOf("notes.txt")
	assert.ErrorContains(t, err, "notes.txt")
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "in", "a.csv"), filepath.Join(dir, "in", "sub", "b.parquet"),
		filepath.Join(dir, "in", "README.txt"), filepath.Join(dir, "c.jsonl"))
	ins, err := Expand([]string{filepath.Join(dir, "in"), filepath.Join(dir, "*.jsonl")})
	require.NoError(t, err)
	var rels, formats []string
	for _, in := range ins {
		rels = append(rels, in.Rel)
		formats = append(formats, in.Format)
	}
	assert.Equal(t, []string{"a.csv", filepath.Join("sub", "b.parquet"), "c.jsonl"}, rels)
	assert.Equal(t, []string{"csv", "parquet", "jsonl"}, formats)

	_, err = Expand([]string{filepath.Join(dir, "missing.csv"), filepath.Join(dir, "*.nothing")})
	assert.ErrorIs(t, err, ErrNoInput)
	assert.ErrorContains(t, err, "missing.csv")
	assert.ErrorContains(t, err, "*.nothing")
}

func TestOutputAppearsOnlyOnCommit(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, "out", "x.parquet")
	o, err := Create(final)
	require.NoError(t, err)
	_, err = o.Write([]byte("data"))
	require.NoError(t, err)
	_, err = os.Stat(final)
	assert.True(t, os.IsNotExist(err), "no output before commit")
	require.NoError(t, o.Commit())
	b, err := os.ReadFile(final)
	require.NoError(t, err)
	assert.Equal(t, "data", string(b))

	o, err = Create(filepath.Join(dir, "out", "y.parquet"))
	require.NoError(t, err)
	_, _ = o.Write([]byte("partial"))
	o.Abort()
	entries, err := os.ReadDir(filepath.Join(dir, "out"))
	require.NoError(t, err)
	require.Len(t, entries, 1, "an aborted output leaves nothing behind")
}

func TestOpenSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.csv")
	require.NoError(t, os.WriteFile(p, []byte("a,b\n1,2\n"), 0o644))
	f, err := Open(p)
	require.NoError(t, err)
	defer f.Close()
	assert.EqualValues(t, 8, f.Size())
	buf := make([]byte, 3)
	_, err = f.ReadAt(buf, 4)
	require.NoError(t, err)
	assert.Equal(t, "1,2", string(buf))
}

func TestOutputPath(t *testing.T) {
	for rel, want := range map[string]string{
		"a.csv": "out/a.parquet", "sub/b.csv.gz": "out/sub/b.parquet", "c.JSONL.ZST": "out/c.parquet", "d.parquet": "out/d.parquet",
	} {
		assert.Equal(t, filepath.FromSlash(want), OutputPath("out", Input{Rel: filepath.FromSlash(rel)}, ".parquet"), rel)
	}
}

func TestDataExt(t *testing.T) {
	for name, want := range map[string]string{
		"a.tsv": ".tsv", "A.TSV.GZ": ".tsv", "x/y.tsv.zstd": ".tsv", "b.csv.gzip": ".csv", "c.gz": "", "d": "", "e.json.zst": ".json",
	} {
		assert.Equal(t, want, DataExt(name), name)
	}
}

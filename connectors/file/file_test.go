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

func TestPlanOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	touch(t, filepath.Join(in, "a", "events.jsonl.gz"), filepath.Join(in, "a", "events.jsonl.zst"),
		filepath.Join(in, "col", "a", "x.csv"), filepath.Join(in, "col", "b", "x.csv"),
		filepath.Join(in, "d", "x.csv"), filepath.Join(in, "d", "x.tsv"),
		filepath.Join(in, "ok.csv"))
	out := filepath.Join(dir, "out")
	check := func(sources []string, ext string, want map[string]string) {
		t.Helper()
		ins, err := Expand(sources)
		require.NoError(t, err)
		plan := PlanOutputs(out, ext, ins, ManifestSuffix)
		require.Len(t, plan, len(ins))
		for _, p := range plan {
			others, bad := want[p.Path]
			if !bad {
				assert.NoError(t, p.Err, p.Path)
				continue
			}
			require.ErrorIs(t, p.Err, ErrOutputCollision, p.Path)
			assert.Contains(t, p.Err.Error(), p.Path)
			assert.Contains(t, p.Err.Error(), others)
			assert.Contains(t, p.Err.Error(), p.Output)
		}
	}
	gz, zst := filepath.Join(in, "a", "events.jsonl.gz"), filepath.Join(in, "a", "events.jsonl.zst")
	check([]string{gz, zst, filepath.Join(in, "ok.csv")}, ".jsonl", map[string]string{gz: zst, zst: gz})
	check([]string{filepath.Join(in, "a")}, ".parquet", map[string]string{gz: zst, zst: gz})
	xa, xb := filepath.Join(in, "col", "a", "x.csv"), filepath.Join(in, "col", "b", "x.csv")
	check([]string{xa, xb}, ".csv", map[string]string{xa: xb, xb: xa})
	check([]string{filepath.Join(in, "col")}, ".csv", nil) // a/x.csv and b/x.csv: different outputs
	dc, dt := filepath.Join(in, "d", "x.csv"), filepath.Join(in, "d", "x.tsv")
	check([]string{filepath.Join(in, "d")}, ".csv", map[string]string{dc: dt, dt: dc})

	// The same file named twice, with the same output, is done once.
	ins, err := Expand([]string{filepath.Join(in, "col", "a"), xa})
	require.NoError(t, err)
	plan := PlanOutputs(out, ".csv", ins)
	require.Len(t, plan, 2)
	assert.NoError(t, plan[0].Err)
	assert.False(t, plan[0].Duplicate)
	assert.NoError(t, plan[1].Err)
	assert.True(t, plan[1].Duplicate)
}

func TestPlanOutputsNeverOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "same")
	people := filepath.Join(same, "people.csv")
	other := filepath.Join(same, "other.parquet")
	touch(t, people, other)
	ins, err := Expand([]string{people})
	require.NoError(t, err)
	plan := PlanOutputs(same, ".csv", ins, ManifestSuffix)
	require.ErrorIs(t, plan[0].Err, ErrOverwritesInput)
	assert.Contains(t, plan[0].Err.Error(), "itself")
	assert.Contains(t, plan[0].Err.Error(), people)

	// Through another spelling of the directory.
	plan = PlanOutputs(filepath.Join(same, "..", "same"), ".csv", ins)
	require.ErrorIs(t, plan[0].Err, ErrOverwritesInput)

	// As Parquet, other.parquet would replace itself; people.csv becomes
	// same/people.parquet, which is no input.
	ins, err = Expand([]string{other, people})
	require.NoError(t, err)
	plan = PlanOutputs(same, ".parquet", ins)
	require.ErrorIs(t, plan[0].Err, ErrOverwritesInput)
	assert.Contains(t, plan[0].Err.Error(), other)
	assert.NoError(t, plan[1].Err)

	// An output that is another input of the run: p/sub/b.parquet (named
	// through p) goes to q/sub/b.csv, an input named through q/sub, whose
	// own output is q/b.csv.
	pb, qb := filepath.Join(dir, "p", "sub", "b.parquet"), filepath.Join(dir, "q", "sub", "b.csv")
	touch(t, pb, qb)
	ins, err = Expand([]string{filepath.Join(dir, "p"), filepath.Join(dir, "q", "sub")})
	require.NoError(t, err)
	plan = PlanOutputs(filepath.Join(dir, "q"), ".csv", ins)
	require.ErrorIs(t, plan[0].Err, ErrOverwritesInput)
	assert.Contains(t, plan[0].Err.Error(), pb)
	assert.Contains(t, plan[0].Err.Error(), "is the input "+qb)
	assert.NoError(t, plan[1].Err)

	// A manifest written beside an output is checked too: p/t.parquet as
	// CSV into m is m/t.csv, with m/t.csv.manifest.json, an input here.
	m := filepath.Join(dir, "m")
	pt, man := filepath.Join(dir, "p", "t.parquet"), filepath.Join(m, "t.csv"+ManifestSuffix)
	touch(t, pt, man)
	ins = []Input{{Path: pt, Rel: "t.parquet", Format: "parquet"}, {Path: man, Rel: "t.csv" + ManifestSuffix, Format: "jsonl"}}
	plan = PlanOutputs(m, ".csv", ins, ManifestSuffix)
	require.ErrorIs(t, plan[0].Err, ErrOverwritesInput)
	assert.Contains(t, plan[0].Err.Error(), "the output "+man+" is the input "+man)
	assert.NoError(t, plan[1].Err) // -> m/t.csv.manifest.csv
	plan = PlanOutputs(m, ".csv", ins)
	assert.NoError(t, plan[0].Err, "no sidecars")
}

func TestSetStopRemovesUnfinishedOutputs(t *testing.T) {
	dir := t.TempDir()
	var s Set
	done, err := s.Create(filepath.Join(dir, "done.csv"))
	require.NoError(t, err)
	_, err = done.Write([]byte("done"))
	require.NoError(t, err)
	side, err := s.Create(filepath.Join(dir, "done.csv.manifest.json"))
	require.NoError(t, err)
	require.NoError(t, s.Commit(done, side), "both appear")

	a, err := s.Create(filepath.Join(dir, "sub", "a.parquet"))
	require.NoError(t, err)
	_, err = a.Write([]byte("partial"))
	require.NoError(t, err)
	b, err := s.Create(filepath.Join(dir, "b.parquet"))
	require.NoError(t, err)
	aborted, err := s.Create(filepath.Join(dir, "c.parquet"))
	require.NoError(t, err)
	aborted.Abort()
	assert.False(t, s.Stopped())

	s.Stop()
	assert.True(t, s.Stopped())
	entries, err := os.ReadDir(filepath.Join(dir, "sub"))
	require.NoError(t, err)
	assert.Empty(t, entries, "the temporary file is gone")
	_, err = a.Write([]byte("more"))
	assert.Error(t, err, "writes fail once stopped")
	assert.ErrorIs(t, a.Commit(), ErrStopped)
	assert.ErrorIs(t, s.Commit(b), ErrStopped)
	b.Abort()
	_, err = s.Create(filepath.Join(dir, "d.parquet"))
	assert.ErrorIs(t, err, ErrStopped)
	var names []string
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"done.csv", "done.csv.manifest.json", "sub"}, names, "committed outputs stay; nothing else remains")
	s.Stop() // again: nothing to do
}

func TestSetCommitAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	var s Set
	a, err := s.Create(filepath.Join(dir, "a.csv"))
	require.NoError(t, err)
	b, err := s.Create(filepath.Join(dir, "b.csv"))
	require.NoError(t, err)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "b.csv"), 0o755)) // b cannot be renamed onto a directory
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.csv", "x"), nil, 0o644))
	assert.Error(t, s.Commit(a, b))
	_, err = os.Stat(filepath.Join(dir, "a.csv"))
	assert.True(t, os.IsNotExist(err), "a is removed again when b fails")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary files left")
}

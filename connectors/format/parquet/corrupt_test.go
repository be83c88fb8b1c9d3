package parquet

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

// readAllErr reads r to the end and returns the first error (nil at EOF),
// touching every value of every batch. It stops after a million rows: a
// few bytes of run-length encoded nulls can claim billions.
func readAllErr(mem memory.Allocator, r io.Reader, src string) error {
	rd, err := NewReader(r, veilfmt.ReadOptions{Source: src, Allocator: mem, BatchRows: 64})
	if err != nil {
		return err
	}
	defer rd.Close()
	for rd.Rows() < 1<<20 {
		rec, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		for _, c := range rec.Columns() {
			for i := range c.Len() {
				_ = c.ValueStr(i)
			}
		}
		rec.Release()
	}
	return nil
}

// acceptable is what reading a damaged file may fail with.
func acceptable(err error) bool {
	var re *veilfmt.RowError
	return err == nil || errors.Is(err, veilfmt.ErrCorrupt) || errors.Is(err, ErrUnsupported) ||
		(errors.As(err, &re) && errors.Is(err, ErrInvalidUTF8))
}

func TestCorrupt(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := allTypesRecord(t, mem, 50)
	good := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{RowGroupRows: 64})
	rec.Release()

	inputs := map[string][]byte{
		"empty":        nil,
		"text":         []byte("id,name\n1,Ada\n"),
		"magic only":   []byte("PAR1PAR1"),
		"no footer":    append([]byte("PAR1"), bytes.Repeat([]byte{0}, 64)...),
		"huge footer":  append(append([]byte("PAR1"), bytes.Repeat([]byte{0}, 64)...), 0xff, 0xff, 0xff, 0x7f, 'P', 'A', 'R', '1'),
		"footer junk":  append(append(append([]byte("PAR1"), bytes.Repeat([]byte{0x19}, 64)...), 64, 0, 0, 0), "PAR1"...),
		"head only":    good[:4],
		"tail only":    good[len(good)-8:],
		"bad head":     append([]byte("PAR0"), good[4:]...),
		"bad tail":     append(bytes.Clone(good[:len(good)-4]), "PAR0"...),
		"cut footer":   good[:len(good)-9],
		"cut last row": good[:len(good)/2],
	}
	for _, cut := range []int{5, 100, len(good) / 3, len(good) - 100} {
		inputs["cut at "+strconv.Itoa(cut)] = good[:cut]
	}
	for name, in := range inputs {
		err := readAllErr(mem, bytes.NewReader(in), "s3://bucket/"+name)
		require.Error(t, err, name)
		assert.ErrorIs(t, err, veilfmt.ErrCorrupt, "%s: %v", name, err)
		assert.Contains(t, err.Error(), "s3://bucket/"+name)
	}

	// The malformed files of parquet-go's test suite.
	files, err := filepath.Glob(fixture("malformed/*.parquet"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		err = readAllErr(mem, bytes.NewReader(data), f)
		require.Error(t, err, f)
		assert.ErrorIs(t, err, veilfmt.ErrCorrupt, "%s: %v", f, err)
	}
}

// TestCorruptBytes flips bytes all over a good file: reading must fail
// cleanly or succeed, never panic or leak, and never quote a value.
func TestCorruptBytes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := allTypesRecord(t, mem, 4)
	for _, comp := range []string{"zstd", "snappy", "none"} {
		good := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{Compression: comp, RowGroupRows: 5})
		rng := rand.New(rand.NewPCG(1, uint64(len(comp))))
		for i := range 400 {
			bad := bytes.Clone(good)
			for range 1 + rng.IntN(3) {
				bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
			}
			err := readAllErr(mem, bytes.NewReader(bad), "f.parquet")
			require.True(t, acceptable(err), "%s flip %d: %v", comp, i, err)
			if err != nil {
				for _, secret := range []string{"Ada Lovelace", "closed"} {
					assert.NotContains(t, err.Error(), secret)
				}
			}
		}
	}
	rec.Release()
}

type failingReaderAt struct {
	data []byte
	fail int64 // offset from which reads fail
}

var errDisk = errors.New("disk on fire")

func (f *failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.fail {
		return 0, errDisk
	}
	return copy(p, f.data[off:]), nil
}

func (f *failingReaderAt) Size() int64 { return int64(len(f.data)) }

func (f *failingReaderAt) Read([]byte) (int, error) { return 0, errors.New("not used") }

func TestInputErrorIsNotCorrupt(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := allTypesRecord(t, mem, 10)
	good := writeParquet(t, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{})
	rec.Release()
	for _, fail := range []int64{0, 4, int64(len(good)) / 2} {
		err := readAllErr(mem, &failingReaderAt{data: good, fail: fail}, "x.parquet")
		require.Error(t, err)
		assert.ErrorIs(t, err, errDisk, "fail at %d", fail)
		assert.NotErrorIs(t, err, veilfmt.ErrCorrupt)
		assert.True(t, strings.HasPrefix(err.Error(), "x.parquet: "), err.Error())
	}
}

func TestNeedsRandomAccess(t *testing.T) {
	_, err := NewReader(struct{ io.Reader }{strings.NewReader("PAR1")}, veilfmt.ReadOptions{Source: "pipe"})
	assert.ErrorContains(t, err, "random access")
	assert.ErrorContains(t, err, "pipe")
}

func TestEncryptedUnsupported(t *testing.T) {
	data := append(append([]byte("PAR1"), bytes.Repeat([]byte{0}, 32)...), 16, 0, 0, 0, 'P', 'A', 'R', 'E')
	err := readAllErr(memory.DefaultAllocator, bytes.NewReader(data), "secret.parquet")
	assert.ErrorIs(t, err, ErrUnsupported)
	assert.ErrorContains(t, err, "encrypted")
}

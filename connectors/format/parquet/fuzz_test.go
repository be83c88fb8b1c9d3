package parquet

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

// FuzzReader feeds arbitrary bytes to the reader: it must never panic or
// leak, and fail only with ErrCorrupt, ErrUnsupported or an invalid UTF-8
// row error.
func FuzzReader(f *testing.F) {
	mem := memory.NewGoAllocator()
	rec := allTypesRecord(f, mem, 2)
	for _, comp := range []string{"zstd", "snappy", "none"} {
		data := writeParquet(f, mem, []arrow.RecordBatch{rec}, veilfmt.WriteOptions{Compression: comp, RowGroupRows: 4})
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	rec.Release()
	malformed, _ := filepath.Glob(fixture("malformed/*.parquet"))
	for _, name := range append(externalFiles(), malformed...) {
		if b, err := os.ReadFile(name); err == nil && len(b) < 16<<10 {
			f.Add(b)
		}
	}
	// Keep what hostile sizes can make the reader allocate small.
	a, b, c, d := maxPageBytes, maxPageValues, maxChunkBytes, maxFooter
	f.Cleanup(func() { maxPageBytes, maxPageValues, maxChunkBytes, maxFooter = a, b, c, d })
	maxPageBytes, maxPageValues, maxChunkBytes, maxFooter = 1<<20, 1<<16, 1<<20, 1<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		err := readAllErr(mem, bytes.NewReader(data), "fuzz")
		if !acceptable(err) {
			t.Fatalf("unexpected error: %v", err)
		}
		mem.AssertSize(t, 0)
	})
}

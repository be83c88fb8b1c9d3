package parquet

import (
	"io"

	"github.com/apache/arrow-go/v18/arrow"

	veilfmt "github.com/veil-data/veil/connectors/format"
)

// Name is the format's name as users write it.
const Name = "parquet"

// Opener makes Parquet readers and writers.
type Opener struct{}

var _ veilfmt.Opener = Opener{}

// Name returns "parquet".
func (Opener) Name() string { return Name }

// NewReader reads the Parquet file in r, which must be a format.Sized.
func (Opener) NewReader(r io.Reader, opts veilfmt.ReadOptions) (veilfmt.Reader, error) {
	return NewReader(r, opts)
}

// NewWriter writes batches of schema to w as a Parquet file.
func (Opener) NewWriter(w io.Writer, schema *arrow.Schema, opts veilfmt.WriteOptions) (veilfmt.Writer, error) {
	return NewWriter(w, schema, opts)
}

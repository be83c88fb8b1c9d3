package arrowipc

import (
	"io"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/veil-data/veil/connectors/format"
)

// Name is the format's name as users write it.
const Name = "arrow"

// Opener makes Arrow IPC readers and writers. The zero value writes the
// file format; use NewOpener(WithStream()) for the stream format.
type Opener struct {
	stream bool
}

var _ format.Opener = (*Opener)(nil)

// Option configures an Opener.
type Option func(*Opener)

// WithStream makes writers emit the IPC stream format (no footer, readable
// while it is being written) instead of the file format.
func WithStream() Option { return func(o *Opener) { o.stream = true } }

// NewOpener returns an Opener with the given options.
func NewOpener(opts ...Option) *Opener {
	o := &Opener{}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// Name returns "arrow".
func (o *Opener) Name() string { return Name }

// NewReader reads the IPC file or stream format from r (see package doc).
func (o *Opener) NewReader(r io.Reader, opts format.ReadOptions) (format.Reader, error) {
	return NewReader(r, opts)
}

// NewWriter writes batches of schema to w in the file format, or the stream
// format if the Opener was made WithStream.
func (o *Opener) NewWriter(w io.Writer, schema *arrow.Schema, opts format.WriteOptions) (format.Writer, error) {
	return NewWriter(w, schema, opts, o.stream)
}

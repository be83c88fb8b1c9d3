// Package file is the local-file connector: it expands the sources a user
// names (files, directories walked recursively, glob patterns) into input
// files with their format, opens them with random access where a format
// needs it, and writes outputs atomically (temporary name, fsync, rename).
//
// It moves bytes only; it never scans or masks.
package file

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Input is one file to read.
type Input struct {
	Path   string // as found (joined onto the directory named)
	Rel    string // path relative to the source argument's base, for outputs
	Format string // csv, jsonl, parquet or arrow
}

// formatByExt maps a file extension (compression suffix removed) to a format.
var formatByExt = map[string]string{
	".csv":     "csv",
	".tsv":     "csv",
	".jsonl":   "jsonl",
	".ndjson":  "jsonl",
	".json":    "jsonl",
	".parquet": "parquet",
	".pq":      "parquet",
	".arrow":   "arrow",
	".arrows":  "arrow",
	".ipc":     "arrow",
	".feather": "arrow",
}

// compressionExts are suffixes of compressed files; the format is that of
// the name without them (data.csv.gz is CSV).
var compressionExts = map[string]bool{".gz": true, ".gzip": true, ".zst": true, ".zstd": true}

// DataExt returns a file name's extension in lower case, past any
// compression suffix: ".tsv" for "a.TSV.gz".
func DataExt(name string) string {
	base := strings.ToLower(filepath.Base(name))
	ext := filepath.Ext(base)
	if compressionExts[ext] {
		ext = filepath.Ext(strings.TrimSuffix(base, ext))
	}
	return ext
}

// FormatOf returns the format of a file name by its extension, or an error
// that names the file.
func FormatOf(name string) (string, error) {
	ext := DataExt(name)
	if f, ok := formatByExt[ext]; ok {
		return f, nil
	}
	return "", fmt.Errorf("%s: unknown file type %q (want .csv, .tsv, .jsonl, .ndjson, .parquet or .arrow, optionally .gz or .zst)", name, ext)
}

// ManifestSuffix ends the name of the manifest veil mask writes beside each
// output; directory walks skip such files.
const ManifestSuffix = ".manifest.json"

// OutputPath is where an output of input in goes under dir: the same
// relative name, with its compression suffix and extension replaced by ext
// (data/a.csv.gz -> DIR/data/a.parquet).
func OutputPath(dir string, in Input, ext string) string {
	rel := in.Rel
	if e := filepath.Ext(rel); compressionExts[strings.ToLower(e)] {
		rel = strings.TrimSuffix(rel, e)
	}
	return filepath.Join(dir, strings.TrimSuffix(rel, filepath.Ext(rel))+ext)
}

// ErrNoInput is returned by Expand when a source matches no file.
var ErrNoInput = errors.New("no such file")

// Expand turns source arguments into input files, in a stable order: a file
// is itself, a directory is every file below it with a known extension
// (others are skipped), and a pattern with * ? or [ is a glob. A source that
// matches nothing is an error naming it; so is a named file of unknown type.
func Expand(sources []string) ([]Input, error) {
	var out []Input
	var errs []error
	for _, src := range sources {
		ins, err := expandOne(src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, ins...)
	}
	return out, errors.Join(errs...)
}

func expandOne(src string) ([]Input, error) {
	if strings.ContainsAny(src, "*?[") {
		matches, err := filepath.Glob(src)
		if err != nil {
			return nil, fmt.Errorf("%s: bad pattern: %w", src, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: %w matches the pattern", src, ErrNoInput)
		}
		sort.Strings(matches)
		var out []Input
		for _, m := range matches {
			ins, err := expandOne(m)
			if err != nil {
				return nil, err
			}
			out = append(out, ins...)
		}
		return out, nil
	}
	st, err := os.Stat(src)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", src, ErrNoInput)
		}
		return nil, err
	}
	if !st.IsDir() {
		f, err := FormatOf(src)
		if err != nil {
			return nil, err
		}
		return []Input{{Path: src, Rel: filepath.Base(src), Format: f}}, nil
	}
	var out []Input
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ManifestSuffix) {
			return nil
		}
		f, ferr := FormatOf(p)
		if ferr != nil {
			return nil // directories may hold other files; skip them
		}
		rel, _ := filepath.Rel(src, p)
		out = append(out, Input{Path: p, Rel: rel, Format: f})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: %w of a known type in the directory", src, ErrNoInput)
	}
	return out, nil
}

// Open opens an input file for reading. The result also offers ReadAt and
// Size for formats that need random access.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &File{File: f, size: st.Size()}, nil
}

// File is an open input file with its size.
type File struct {
	*os.File
	size int64
}

// Size is the file's size in bytes when it was opened.
func (f *File) Size() int64 { return f.size }

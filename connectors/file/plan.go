package file

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Errors of PlanOutputs, wrapped in errors that name the inputs and paths.
var (
	// ErrOutputCollision: two or more inputs of one run would be written
	// to the same output.
	ErrOutputCollision = errors.New("output collision")
	// ErrOverwritesInput: an output (or a file written beside it) is an
	// input file of the run.
	ErrOverwritesInput = errors.New("output would overwrite an input")
)

// Planned is an input with the output it is written to.
type Planned struct {
	Input
	Output string // OutputPath of the input
	// Err, when set, says why the input must not be written (it wraps
	// ErrOutputCollision or ErrOverwritesInput and names the paths).
	Err error
	// Duplicate marks an input that names the same file, with the same
	// output, as an earlier one (a directory and a file in it, say): it
	// is done once, by the earlier one.
	Duplicate bool
}

// PlanOutputs maps each input to its output under dir (OutputPath with
// ext) and checks, before anything is written, that the outputs can all be
// written: inputs whose outputs are the same path all get an error naming
// every such input and the output (none of them may be written, or the last
// would silently replace the others), and an input whose output, or a file
// written beside it (the output's path plus one of sidecars, such as
// ManifestSuffix), is an input file of the run gets an error too. An
// input naming the same file as an earlier one with the same output is
// marked Duplicate rather than a collision.
func PlanOutputs(dir, ext string, ins []Input, sidecars ...string) []Planned {
	plan := make([]Planned, len(ins))
	infos := make([]os.FileInfo, len(ins))
	// Inputs by size and modification time: SameFile holds only between
	// files that agree on both, so an existing output is compared with
	// few inputs.
	type sizeTime struct {
		size int64
		mod  time.Time
	}
	bySize := map[sizeTime][]int{}
	for i, in := range ins {
		plan[i] = Planned{Input: in, Output: OutputPath(dir, in, ext)}
		if st, err := os.Stat(in.Path); err == nil {
			infos[i] = st
			k := sizeTime{st.Size(), st.ModTime()}
			bySize[k] = append(bySize[k], i)
		}
	}
	sameInput := func(i, j int) bool {
		return infos[i] != nil && infos[j] != nil && os.SameFile(infos[i], infos[j])
	}
	// Outputs that more than one input maps to.
	groups := map[string][]int{}
	var order []string
	for i := range plan {
		k := pathKey(plan[i].Output)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		var distinct []int
	next:
		for _, i := range groups[k] {
			for _, j := range distinct {
				if sameInput(i, j) {
					plan[i].Duplicate = true
					continue next
				}
			}
			distinct = append(distinct, i)
		}
		if len(distinct) < 2 {
			continue
		}
		for _, i := range distinct {
			var others []string
			for _, j := range distinct {
				if j != i {
					others = append(others, ins[j].Path)
				}
			}
			plan[i].Err = fmt.Errorf("%s: %w: its output %s would also be written from %s; none of them is written (rename one, or give each its own run and --out directory)",
				ins[i].Path, ErrOutputCollision, plan[i].Output, strings.Join(others, ", "))
		}
	}
	// Outputs that are input files of the run.
	for i := range plan {
		if plan[i].Err != nil || plan[i].Duplicate {
			continue
		}
		for _, p := range append([]string{plan[i].Output}, sidecarPaths(plan[i].Output, sidecars)...) {
			st, err := os.Stat(p)
			if err != nil {
				continue // not there yet, so not an input
			}
			for _, j := range bySize[sizeTime{st.Size(), st.ModTime()}] {
				if !os.SameFile(st, infos[j]) {
					continue
				}
				if j == i {
					plan[i].Err = fmt.Errorf("%s: %w: the output %s is this input file itself; choose another --out directory (or --format)", ins[i].Path, ErrOverwritesInput, p)
				} else {
					plan[i].Err = fmt.Errorf("%s: %w: the output %s is the input %s; choose another --out directory", ins[i].Path, ErrOverwritesInput, p, ins[j].Path)
				}
				break
			}
			if plan[i].Err != nil {
				break
			}
		}
	}
	return plan
}

func sidecarPaths(out string, sidecars []string) []string {
	ps := make([]string, len(sidecars))
	for i, s := range sidecars {
		ps[i] = out + s
	}
	return ps
}

// pathKey is the absolute, cleaned form of a path, by which two outputs
// are the same file.
func pathKey(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

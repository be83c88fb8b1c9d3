package scanner

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner/policy"
)

// PolicyOptions turns the detection part into scanner options: the
// confidence floor, the example switch, the allow list and the custom
// identifiers. Disabled built-ins are not an option: filter the detector
// list with the policy's Detectors, as NewFromPolicy does. A Policy built by hand with a bad pattern yields an
// option that makes New fail.
func PolicyOptions(p *policy.Policy) []Option {
	d := &p.Detection
	opts := []Option{
		WithMinConfidence(d.MinConfidence),
		WithDropExamples(d.DropExamples),
	}
	if len(d.Allow.Values) > 0 || len(d.Allow.Patterns) > 0 {
		res := make([]*regexp.Regexp, 0, len(d.Allow.Patterns))
		for _, src := range d.Allow.Patterns {
			re, err := policy.CompileWhole(src)
			if err != nil {
				return append(opts, failOption(fmt.Errorf("policy: allow pattern %q: %w", src, err)))
			}
			res = append(res, re)
		}
		opts = append(opts, WithAllowList(slices.Clone(d.Allow.Values), res))
	}
	if len(d.Custom) > 0 {
		ids := make([]CustomIdentifier, 0, len(d.Custom))
		for _, c := range d.Custom {
			re, err := regexp.Compile(c.Pattern)
			if err != nil {
				return append(opts, failOption(fmt.Errorf("policy: custom identifier %s: %w", c.ID, err)))
			}
			ids = append(ids, CustomIdentifier{
				ID:          c.ID,
				Pattern:     re,
				Keywords:    slices.Clone(c.Keywords),
				MaxDistance: c.MaxDistance,
				IgnoreWords: slices.Clone(c.IgnoreWords),
				Sensitivity: c.Sensitivity,
			})
		}
		opts = append(opts, WithCustom(ids...))
	}
	return opts
}

func failOption(err error) Option {
	return func(*Scanner) error { return err }
}

// NewFromPolicy builds a scanner over the detectors of all that the policy
// keeps, with the policy's options followed by extra.
func NewFromPolicy(p *policy.Policy, all []*detectors.Detector, extra ...Option) (*Scanner, error) {
	return New(p.Detectors(all), append(PolicyOptions(p), extra...)...)
}

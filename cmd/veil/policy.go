package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
	"github.com/veil-data/veil/scanner/policy"
)

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "policy", Short: "Work with policy files"}
	cmd.AddCommand(&cobra.Command{
		Use:   "lint FILE",
		Short: "Check a policy file and report every problem with its line",
		Example: `  veil policy lint policy.yaml
  veil policy lint testdata/policy/example.yaml && echo ok`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := policy.Load(args[0], policy.BuiltinIDs())
			var le *policy.LintError
			if errors.As(err, &le) {
				fmt.Fprintln(cmd.OutOrStdout(), le.Error())
				return &codeError{exitFindings, fmt.Errorf("%s: %d problem(s)", args[0], len(le.Problems))}
			}
			if err != nil {
				return &codeError{exitError, err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok (%s)\n", args[0], p.Digest())
			return nil
		},
	})
	return cmd
}

// loadPolicy reads the policy file, or returns the default policy when file
// is empty.
func loadPolicy(file string) (*policy.Policy, error) {
	if file == "" {
		return policy.Default(), nil
	}
	return policy.Load(file, policy.BuiltinIDs())
}

// buildScanner makes the scanner from the policy file (or defaults) and an
// optional confidence override.
func buildScanner(policyFile, minConf string) (*scanner.Scanner, error) {
	p, err := loadPolicy(policyFile)
	if err != nil {
		return nil, err
	}
	var opts []scanner.Option
	if minConf != "" {
		l, err := detectors.ParseLikelihood(minConf)
		if err != nil {
			return nil, fmt.Errorf("--min-confidence: %w", err)
		}
		opts = append(opts, scanner.WithMinConfidence(l))
	}
	return scanner.NewFromPolicy(p, detectors.Builtins(), opts...)
}

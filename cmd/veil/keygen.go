package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/veil-data/veil/masking/keys"
)

func newKeygenCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "keygen --out FILE",
		Short: "Write a new random keyset for tokenize, hash and encrypt",
		Long: `keygen writes a new keyset file (mode 0600) holding a random master key and
a key id. Masking with the same keyset gives the same tokens in every run;
keep it secret and keep it safe: without it, tokens cannot be reversed.
It never overwrites an existing file. Only the key id is ever printed.`,
		Example: `  veil keygen --out veil.key`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return &codeError{exitError, fmt.Errorf("--out FILE is required")}
			}
			ks, err := keys.Generate()
			if err != nil {
				return &codeError{exitError, err}
			}
			if err := ks.Write(out); err != nil {
				return &codeError{exitError, err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (key id %s)\n", out, ks.ID())
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "keyset file to create")
	return cmd
}

package main

import (
	"github.com/spf13/cobra"

	"github.com/veil-data/veil/scanner"
)

func newPolicyCmd() *cobra.Command {
	return &cobra.Command{Use: "policy", Short: "Work with policy files"}
}

func policyOptions(file string) ([]scanner.Option, error) { return nil, nil }

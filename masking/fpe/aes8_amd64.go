package fpe

import "golang.org/x/sys/cpu"

// useAES8 says the AES-NI path runs; otherwise blocks go one by one
// through crypto/aes.
var useAES8 = cpu.X86.HasAES

// encrypt8 enciphers the eight blocks of b in place with the nr-round
// expanded key at xk.
//
//go:noescape
func encrypt8(xk *byte, nr int, b *[lanes][16]byte)

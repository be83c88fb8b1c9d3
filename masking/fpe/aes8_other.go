//go:build !amd64

package fpe

// useAES8 is false: without the assembly, blocks go one by one through
// crypto/aes.
var useAES8 = false

func encrypt8(xk *byte, nr int, b *[lanes][16]byte) { panic("fpe: encrypt8 without assembly") }

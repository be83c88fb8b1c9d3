package scanner

// SetMemoSlots sets how many values each masking memo holds (a power of
// two) until the returned function restores it.
func SetMemoSlots(n int) (restore func()) {
	old := memoSlots
	memoSlots = n
	return func() { memoSlots = old }
}

// Sampled is sampled, for tests that must plant values outside a sample.
var Sampled = sampled

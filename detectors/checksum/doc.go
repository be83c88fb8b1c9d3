// Package checksum holds the check-digit algorithms identifiers carry: Luhn
// (cards, NPI), ISO 7064 mod 97-10 (IBAN), the ABA routing checksum and the
// DEA registration checksum. Functions are pure, allocate nothing, and take
// ASCII digits; anything that is not a digit makes them report false.
package checksum
